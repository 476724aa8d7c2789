package dev.memcache.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code memcached} process on a free 127.0.0.1 port, for tests.
 *
 * <p>Start one with {@code MemcachedServer.builder().start()} (or through {@link
 * MemcachedExtension}). It can be stopped, killed, paused (SIGSTOP), resumed and restarted on the
 * same port. Every process it starts is killed when the JVM exits, even when a test fails. When the
 * binary is missing, {@link #start()} fails with the command that installs it: tests never skip
 * silently.
 */
public final class MemcachedServer implements AutoCloseable {
  private final Builder options;
  private volatile int port;
  private volatile Process process;
  private volatile Path log;

  private MemcachedServer(Builder options) {
    this.options = options;
    this.port = options.port;
  }

  /**
   * Options for a server; {@link Builder#start()} starts it.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server with default options (64 MB, 1 MB items, 2 threads, any protocol).
   *
   * @return the running server
   */
  public static MemcachedServer startDefault() {
    return builder().start();
  }

  /**
   * The host of the server: always {@code 127.0.0.1}.
   *
   * @return the host
   */
  public String host() {
    return "127.0.0.1";
  }

  /**
   * The TCP port the server listens on; the same across restarts.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * {@code "127.0.0.1:port"}, as client builders take it.
   *
   * @return the address
   */
  public String address() {
    return host() + ":" + port;
  }

  /**
   * The process id, for signals sent by tests.
   *
   * @return the process id
   */
  public long pid() {
    Process p = process;
    if (p == null) throw new IllegalStateException("memcached is not running");
    return p.pid();
  }

  /**
   * Whether the process is alive (a paused process is alive).
   *
   * @return {@code true} while the process lives
   */
  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /**
   * Starts the process (again, on the same port when it ran before) and waits until it accepts.
   *
   * @return this server
   */
  public synchronized MemcachedServer start() {
    if (isRunning()) return this;
    UnitPhase.refuse("a real memcached");
    String binary = findBinary();
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int chosen = port != 0 ? port : Processes.freePort();
      try {
        launch(binary, chosen);
        port = chosen;
        return this;
      } catch (IOException e) {
        last = e;
        if (options.port != 0 || port != 0) {
          Processes.sleep(200); // same port after a restart: the old socket may still be closing
        }
      }
    }
    throw new IllegalStateException("memcached did not start: " + last.getMessage(), last);
  }

  private void launch(String binary, int chosenPort) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary);
    cmd.addAll(List.of("-l", "127.0.0.1", "-p", Integer.toString(chosenPort), "-U", "0"));
    cmd.addAll(
        List.of("-m", Integer.toString(options.memoryMb), "-t", Integer.toString(options.threads)));
    cmd.addAll(List.of("-c", "4096", "-I", options.maxItemSize));
    if (options.protocol != null) cmd.addAll(List.of("-B", options.protocol));
    if ("root".equals(System.getProperty("user.name"))) cmd.addAll(List.of("-u", "root"));
    cmd.addAll(options.extraArgs);
    log = Files.createTempFile("memcached-" + chosenPort + "-", ".log");
    log.toFile().deleteOnExit();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(options.env);
    Process p =
        pb.redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Processes.LIVE.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Processes.LIVE.remove(p);
        throw new IOException(
            "memcached exited with " + p.exitValue() + ": " + readLog() + " (" + cmd + ")");
      }
      if (Processes.accepts(chosenPort)) {
        process = p;
        return;
      }
      Processes.sleep(10);
    }
    p.destroyForcibly();
    Processes.LIVE.remove(p);
    throw new IOException("memcached did not accept connections within 10 s: " + readLog());
  }

  /** Stops the process gracefully (SIGTERM) and waits for it to exit. */
  public synchronized void stop() {
    Process p = process;
    if (p == null) return;
    resume(); // a stopped process cannot handle SIGTERM
    Processes.stop(p, false);
    process = null;
  }

  /** Kills the process at once (SIGKILL), as a crash would. */
  public synchronized void kill() {
    Process p = process;
    if (p == null) return;
    Processes.stop(p, true);
    process = null;
  }

  /**
   * Freezes the process (SIGSTOP) and waits until it is stopped: connections stay open, nothing is
   * answered.
   */
  public void pause() {
    Processes.signal(process, "STOP", "memcached");
    Processes.awaitStopped(process);
  }

  /** Lets a paused process go on (SIGCONT). */
  public void resume() {
    Processes.signal(process, "CONT", "memcached");
  }

  /**
   * Stops the process and starts a fresh one (empty cache) on the same port.
   *
   * @return this server
   */
  public synchronized MemcachedServer restart() {
    stop();
    return start();
  }

  /**
   * What the process printed so far (useful in assertion messages).
   *
   * @return the process's output
   */
  public String readLog() {
    try {
      return log == null ? "" : Files.readString(log).strip();
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }

  @Override
  public String toString() {
    return "memcached@" + address() + (isRunning() ? "" : " (stopped)");
  }

  /**
   * Finds the {@code memcached} binary: {@code $MEMCACHED_BIN}, then {@code $PATH}, then the usual
   * places. Fails with the install command when there is none.
   *
   * @return the binary's path
   */
  public static String findBinary() {
    return Processes.findBinary(
        "memcached",
        "MEMCACHED_BIN",
        "The memcached binary was not found on PATH. These tests run against a real memcached: "
            + "install it with `sudo apt-get install memcached` (Debian/Ubuntu) or set MEMCACHED_BIN.");
  }

  /** Options of a server to start. */
  public static final class Builder {
    private int port;
    private int memoryMb = 64;
    private int threads = 2;
    private String maxItemSize = "1m";
    private String protocol;
    private final List<String> extraArgs = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();

    private Builder() {}

    /**
     * A fixed port; by default a free one is chosen.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Cache memory in megabytes ({@code -m}); default 64.
     *
     * @param memoryMb the memory in megabytes
     * @return this builder
     */
    public Builder memoryMb(int memoryMb) {
      this.memoryMb = memoryMb;
      return this;
    }

    /**
     * Worker threads ({@code -t}); default 2.
     *
     * @param threads the number of threads
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Maximum item size ({@code -I}), such as {@code "1m"} (the default) or {@code "2m"}.
     *
     * @param maxItemSize the size, as memcached's {@code -I} takes it
     * @return this builder
     */
    public Builder maxItemSize(String maxItemSize) {
      this.maxItemSize = maxItemSize;
      return this;
    }

    /**
     * Protocol ({@code -B}): {@code "auto"} (default), {@code "ascii"} or {@code "binary"}.
     *
     * @param protocol {@code "auto"}, {@code "ascii"} or {@code "binary"}
     * @return this builder
     */
    public Builder protocol(String protocol) {
      this.protocol = protocol;
      return this;
    }

    /**
     * More command-line arguments, such as {@code "-S"} for SASL or {@code "-Z"} for TLS.
     *
     * @param args the arguments
     * @return this builder
     */
    public Builder extraArgs(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /**
     * An environment variable for the process, such as {@code SASL_CONF_PATH} for {@code -S}.
     *
     * @param name the variable's name
     * @param value its value
     * @return this builder
     */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /**
     * Builds the server without starting it.
     *
     * @return the server, not running
     */
    public MemcachedServer build() {
      Builder copy = new Builder();
      copy.port = port;
      copy.memoryMb = memoryMb;
      copy.threads = threads;
      copy.maxItemSize = maxItemSize;
      copy.protocol = protocol;
      copy.extraArgs.addAll(extraArgs);
      copy.env.putAll(env);
      return new MemcachedServer(copy);
    }

    /**
     * Builds and starts the server.
     *
     * @return the running server
     */
    public MemcachedServer start() {
      return build().start();
    }
  }
}
