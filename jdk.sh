# Source me: `. ./jdk.sh`. Exports JAVA_HOME as the newest installed JDK >= 21.
# The library targets Java 21 (virtual threads); Debian's default JDK 17 cannot build it.
_memcache_pick_jdk() {
  local best="" best_ver=0 dir ver
  for dir in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$dir/bin/javac" ] || continue
    ver=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    ver=${ver%%.*}
    [ -n "$ver" ] && [ "$ver" -ge 21 ] && [ "$ver" -gt "$best_ver" ] && { best=$dir; best_ver=$ver; }
  done
  if [ -z "$best" ]; then
    echo "No JDK >= 21 found under /usr/lib/jvm. Install one, e.g.: apt-get install temurin-25-jdk (or openjdk-21-jdk)" >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}
_memcache_pick_jdk
