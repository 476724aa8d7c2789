package dev.memcache.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real twemproxy ({@code nutcracker}, Debian package {@code nutcracker}) on a free 127.0.0.1
 * port, in front of memcached servers: ketama distribution, {@code murmur} hash (fnv1a_64 put keys
 * that differ only in their last digits all on one server), no host ejection. Its YAML config lives
 * in a temporary directory removed on {@link #close()}, which stops the process by its PID. A
 * missing binary fails with the command that installs it.
 */
public final class TwemproxyServer implements AutoCloseable {
  /** The command that installs twemproxy. */
  public static final String INSTALL = "apt-get install nutcracker";

  // Processes.LIVE's reaper kills nutcracker when a test never reaches close().

  private final Process process;
  private final Path dir;
  private final int port;

  private TwemproxyServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts nutcracker in front of {@code servers} and waits (up to 10 s) until it accepts
   * connections.
   *
   * @param servers the servers behind the proxy
   * @return the running proxy
   */
  public static TwemproxyServer start(List<MemcachedServer> servers) {
    UnitPhase.refuse("a real twemproxy (nutcracker)");
    String binary = findBinary();
    Path dir = null;
    Process p = null;
    try {
      dir = Files.createTempDirectory("nutcracker-");
      int port = freePort();
      StringBuilder yaml =
          new StringBuilder("pool:\n  listen: 127.0.0.1:" + port + "\n")
              .append(
                  "  distribution: ketama\n  hash: murmur\n  auto_eject_hosts: false\n  timeout: 2000\n  servers:\n");
      for (MemcachedServer s : servers) yaml.append("    - ").append(s.address()).append(":1\n");
      Path config = Files.writeString(dir.resolve("nutcracker.yml"), yaml);
      Path log = dir.resolve("nutcracker.log");
      List<String> cmd =
          List.of(
              binary,
              "-c",
              config.toString(),
              "-o",
              log.toString(),
              "-s",
              Integer.toString(freePort()));
      p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout").toFile())
              .start();
      Processes.LIVE.add(p);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive())
          throw new IllegalStateException(
              "nutcracker exited with "
                  + p.exitValue()
                  + ": "
                  + read(log)
                  + read(dir.resolve("stdout")));
        if (accepts(port)) return new TwemproxyServer(p, dir, port);
        Thread.sleep(10);
      }
      throw new IllegalStateException(
          "nutcracker did not accept connections within 10 s: " + read(log));
    } catch (IOException e) {
      stop(p, dir);
      throw new IllegalStateException("cannot start nutcracker: " + e, e);
    } catch (InterruptedException e) {
      stop(p, dir);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting nutcracker", e);
    } catch (RuntimeException e) {
      stop(p, dir);
      throw e;
    }
  }

  /**
   * {@code "127.0.0.1:port"}, as client builders take it.
   *
   * @return the proxy's address
   */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /**
   * The process id, for signals sent by tests.
   *
   * @return the process id
   */
  public long pid() {
    return process.pid();
  }

  /** Stops nutcracker (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  @Override
  public void close() {
    stop(process, dir);
  }

  @Override
  public String toString() {
    return "nutcracker@" + address() + " (pid " + process.pid() + ")";
  }

  private static void stop(Process p, Path dir) {
    if (p != null) Processes.stop(p, false); // by its PID
    if (dir != null) {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.deleteIfExists(f);
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // a temporary directory left behind is harmless
      }
    }
  }

  /**
   * {@code $NUTCRACKER_BIN}, then {@code $PATH}, then /usr/sbin and /usr/bin; fails with the
   * install command.
   *
   * @return the binary's path
   */
  public static String findBinary() {
    return Processes.findBinary(
        "nutcracker",
        "NUTCRACKER_BIN",
        "The nutcracker (twemproxy) binary was not found. Proxy tests run "
            + "against a real twemproxy: install it with `sudo "
            + INSTALL
            + "` (Debian/Ubuntu) or set NUTCRACKER_BIN.");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
