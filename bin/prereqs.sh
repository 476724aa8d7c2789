# Sourced by bin/demo and bin/test: finds or installs what the build and the tests need.
# As root it installs missing Debian packages with apt-get; otherwise it prints the command and fails.
# MEMCACHE_PREREQS: tests (default: both test phases), unit (bin/test --unit: Maven only), demo.
set -euo pipefail

_missing_pkgs=()
_need() { # _need <package> <check command...>
  local pkg=$1; shift
  "$@" >/dev/null 2>&1 || _missing_pkgs+=("$pkg")
}

_need maven command -v mvn
if [ "${MEMCACHE_PREREQS:-tests}" != unit ]; then
  _need memcached command -v memcached
fi
if [ "${MEMCACHE_PREREQS:-tests}" = tests ]; then
  _need python3 test -x /usr/bin/python3
  _need python3-memcache /usr/bin/python3 -c 'import memcache'
  _need python3-pylibmc /usr/bin/python3 -c 'import pylibmc'
  _need python3-pymemcache /usr/bin/python3 -c 'import pymemcache'
  _need python3-django /usr/bin/python3 -c 'import django'
  _need python3-flask-caching /usr/bin/python3 -c 'import flask_caching'
  _need sasl2-bin command -v saslpasswd2   # SASL tests create a password database
  _need openssl command -v openssl         # TLS tests generate certificates
  _need nutcracker command -v nutcracker   # twemproxy tests
fi

if [ ${#_missing_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing: ${_missing_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${_missing_pkgs[@]}"
  else
    echo "Missing: ${_missing_pkgs[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${_missing_pkgs[*]}" >&2
    exit 1
  fi
fi

# shellcheck source=../jdk.sh
. "$(dirname "${BASH_SOURCE[0]}")/../jdk.sh" || {
  echo "A JDK 21 or newer is required (this machine's default JDK 17 has no virtual threads)." >&2
  exit 1
}
echo "Using JDK at $JAVA_HOME"
