package dev.memcache.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Sends {@code kill -name} to {@code p} (a {@code what}) when it is alive; fails if kill does.
   */
  static void signal(Process p, String name, String what) {
    if (p == null || !p.isAlive()) return;
    try {
      Process k =
          new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
      if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + what, e);
    }
  }

  /** Waits (up to about 0.5 s) until the stopped {@code p} shows state T in /proc. */
  static void awaitStopped(Process p) {
    if (p == null) return;
    Path stat = Path.of("/proc/" + p.pid() + "/stat");
    for (int i = 0; i < 500 && Files.exists(stat); i++) {
      try {
        String s = Files.readString(stat);
        char state = s.charAt(s.lastIndexOf(')') + 2); // the field after "(comm)"
        if (state == 'T' || state == 't') return;
      } catch (IOException e) {
        return; // no /proc: the signal was sent; nothing more to check
      }
      sleep(1);
    }
  }

  /** Whether something accepts TCP connections on the loopback {@code port}. */
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A loopback port free at the time of asking. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
