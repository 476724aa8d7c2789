package dev.memcache.testkit;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The test kit's processes: finding their binaries, and stopping them even when a test fails. */
final class Processes {
  /** Every process the kit started and has not seen exit; killed when the JVM exits. */
  static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "testkit-reaper"));
  }

  private Processes() {}

  /**
   * The executable {@code name}: {@code $envVar}, then {@code $PATH}, then the usual directories.
   * Fails with {@code missing} (which says how to install it) when there is none.
   */
  static String findBinary(String name, String envVar, String missing) {
    String env = System.getenv(envVar);
    if (env != null && !env.isBlank()) {
      if (new File(env).canExecute()) return env;
      throw new IllegalStateException(envVar + "=" + env + " is not an executable file");
    }
    List<String> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) candidates.add(dir + "/" + name);
    }
    for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"))
      candidates.add(dir + "/" + name);
    for (String c : candidates) {
      if (new File(c).canExecute()) return c;
    }
    throw new IllegalStateException(missing);
  }

  /** Ends {@code p} (SIGTERM, or SIGKILL when {@code force}), waits for it, and forgets it. */
  static void stop(Process p, boolean force) {
    if (force) p.destroyForcibly();
    else p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(p);
    }
  }
}
