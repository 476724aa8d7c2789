package dev.memcache.core.internal.connection;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One server and its connections. Connections open lazily, on the first request that needs one; a
 * broken one is replaced by the next request. Consecutive failures (a failed connect, a connection
 * that breaks before answering anything) mark the server down after {@code failureLimit}: then no
 * request tries it, and the client's sweeper probes it every {@code retryDelay} until it answers.
 */
public final class Node implements ConnectionListener {
  /** After a failed connect, others do not retry for this long (a storm of callers tries once). */
  private static final long CONNECT_GUARD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * A graceful close's time beyond the connect timeout: the wait for a writer at work, the writes,
   * and a second for the replies.
   */
  private static final long CLOSE_DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2_000);

  private final ServerAddress address;
  private final String name;
  private final ClientConfig config;
  private final ProtocolCodec codec;
  private final Connection[] slots;
  private final ReentrantLock connectLock = new ReentrantLock();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final Events events;

  /** Whether the server is marked down as far as events and logs go: each change is told once. */
  private final AtomicBoolean markedDown = new AtomicBoolean();

  private volatile int failures;
  private volatile long retryAtNanos;
  private volatile String lastError = "no error";
  private volatile boolean lastWasAuthentication;
  private volatile boolean closed;

  public Node(ServerAddress address, ClientConfig config, ProtocolCodec codec, Events events) {
    this.events = events;
    this.address = address;
    this.name = address.toString();
    this.config = config;
    this.codec = codec;
    this.slots = new Connection[config.connectionsPerServer()];
  }

  public String name() {
    return name;
  }

  public ServerAddress address() {
    return address;
  }

  /** Whether the server is marked down: requests do not go to it until a probe succeeds. */
  public boolean isDown() {
    return failures >= config.failureLimit();
  }

  /** The exception for a request that finds this server down. */
  public MemcacheConnectionException downException(Request<?> r) {
    return new MemcacheConnectionException(
        r.describe()
            + ": "
            + name
            + " is down ("
            + lastError
            + "); retried every "
            + config.retryDelay().toMillis()
            + " ms in the background");
  }

  /**
   * A connection taking requests: the open one, or a new one that a virtual thread opens meanwhile
   * (requests queue on it in their order). Never waits for the connect. Throws {@link
   * MemcacheConnectionException} when the server is down or was just found unreachable.
   */
  public Connection connection() {
    int i = slot();
    Connection c = slots[i];
    if (c != null && c.isOpen()) return c;
    connectLock.lock();
    try {
      c = slots[i];
      if (c != null && c.isOpen()) return c;
      if (closed) throw new MemcacheConnectionException(name + ": the client is closed");
      if (isDown() || System.nanoTime() - retryAtNanos < 0) {
        String message = name + " is down (" + lastError + ")";
        throw lastWasAuthentication
            ? new MemcacheAuthenticationException(message)
            : new MemcacheConnectionException(message);
      }
      c = newConnection();
      slots[i] = c;
    } finally {
      connectLock.unlock();
    }
    Connection opening = c;
    Thread.ofVirtual().name("memcache-connect-" + name).start(() -> opening.open(this::open));
    return c;
  }

  private Connection newConnection() {
    return new Connection(
        address,
        name,
        codec,
        config.maxInFlight(),
        config.hangTimeout().toNanos(),
        config.operationTimeout().toNanos(),
        this);
  }

  /** Connects and completes the handshake; a failure is counted and thrown naming the server. */
  private Socket open() {
    Socket socket = null;
    try {
      // A plain socket comes from a channel, which the connection reads and writes (SocketIo); TLS
      // wraps a plain socket of its own.
      socket = config.tls() == null ? SocketChannel.open().socket() : new Socket();
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      int timeout = (int) config.connectTimeout().toMillis();
      socket.connect(new InetSocketAddress(address.host(), address.port()), timeout);
      socket.setSoTimeout(timeout); // a silent server fails the handshakes instead of hanging them
      if (config.tls() != null) socket = Tls.wrap(socket, address, name, config);
      codec.handshake(socket, name);
      socket.setSoTimeout(0);
      return socket;
    } catch (IOException | RuntimeException e) {
      try {
        if (socket != null) socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      retryAtNanos = System.nanoTime() + CONNECT_GUARD_NANOS;
      lastWasAuthentication = e instanceof MemcacheAuthenticationException;
      // A known failure already names the server and says what failed (TLS, SASL, ...).
      MemcacheException failure =
          e instanceof MemcacheException known
              ? known
              : new MemcacheConnectionException(
                  name
                      + ": cannot connect: "
                      + e.getClass().getSimpleName()
                      + ": "
                      + e.getMessage(),
                  e);
      if (!closed) {
        // Logged while the server is up: once down, failed probes change nothing worth a line.
        events.connectionBroken(address, failure, !markedDown.get());
        failed(failure);
      }
      throw failure;
    }
  }

  private void failed(MemcacheException error) {
    lastError = error.getMessage();
    int n = ++failures; // racy increments only blur the count; the limit is a heuristic
    if (n >= config.failureLimit() && markedDown.compareAndSet(false, true))
      events.serverDown(address, error, n, config.retryDelay());
  }

  @Override
  public void opened(Connection c) {
    events.connectionOpened(address);
  }

  @Override
  public void slotWaited(long waitedNanos) {
    if (events.hearsSlots()) events.slotWaited(address, waitedNanos);
  }

  @Override
  public void answered() {
    if (failures != 0) failures = 0;
    if (markedDown.get() && markedDown.compareAndSet(true, false)) events.serverUp(address);
  }

  @Override
  public void hung(Connection c, long silentNanos, String why) {
    if (!closed) events.connectionHung(address, silentNanos, why);
  }

  @Override
  public void broken(Connection c, MemcacheException cause, boolean everAnswered) {
    if (closed) {
      events.connectionClosed(address);
      return;
    }
    // A hung connection was logged as such; the listener hears that it broke too.
    events.connectionBroken(address, cause, !c.isUnresponsive());
    if (!everAnswered) failed(cause);
    else lastError = cause.getMessage();
  }

  /**
   * Run by the sweeper: times out expired requests on the open connections, and when the server is
   * down and its retry delay has passed, probes it on a virtual thread (connect and a version round
   * trip); an answer brings it back.
   */
  public void expire(long now) {
    for (Connection c : slots) {
      if (c != null && c.isOpen()) c.expire(now);
    }
    if (isDown() && !closed && now - retryAtNanos >= 0 && probing.compareAndSet(false, true)) {
      retryAtNanos = now + config.retryDelay().toNanos();
      Thread.ofPlatform().daemon().name("memcache-probe-" + name).start(this::probe);
    }
  }

  private void probe() {
    try {
      connectLock.lock();
      Connection c;
      try {
        // Never replace an open connection: one dropped from the slots would no longer be swept.
        int i = slot();
        c = slots[i];
        if (c == null || !c.isOpen()) {
          c = slots[i] = newConnection();
          c.open(this::open); // on this thread: a failure leaves it closed, the version fails
        }
      } finally {
        connectLock.unlock();
      }
      Request<Void> version =
          new Request<>(
              Command.VERSION,
              null,
              System.nanoTime() + config.operationTimeout().toNanos(),
              r -> null);
      c.send(version);
      version.await(); // an answer resets the failures: the server is back
    } catch (RuntimeException e) {
      // still down: open() recorded why, or the version round trip timed out
    } finally {
      probing.set(false);
    }
  }

  private int slot() {
    return slots.length == 1 ? 0 : (int) (Thread.currentThread().threadId() % slots.length);
  }

  /** Requests per write call over the open connections (0 when none). */
  public double requestsPerWrite() {
    double sum = 0;
    int n = 0;
    for (Connection c : slots) {
      if (c != null) {
        sum += c.requestsPerWrite();
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * Closes every connection gracefully (see {@link Connection#closeAfterWriting}), all at once, and
   * returns within {@link #closeBudgetNanos}; later requests fail.
   */
  public void close() {
    List<Thread> closing = startClosing();
    finishClosing(closing, System.nanoTime() + closeBudgetNanos());
  }

  /**
   * Starts closing every connection, each on its own virtual thread, so that they drain in parallel
   * (each may wait up to a second for replies); later requests fail. Returns the threads.
   */
  public List<Thread> startClosing() {
    closed = true;
    List<Thread> closing = new ArrayList<>(slots.length);
    MemcacheConnectionException cause =
        new MemcacheConnectionException(name + ": the client was closed");
    long connectWait = config.connectTimeout().toNanos();
    for (Connection c : slots) {
      if (c != null && c.isOpen()) {
        closing.add(
            Thread.ofVirtual()
                .name("memcache-close-" + name)
                .start(() -> c.closeAfterWriting(cause, connectWait)));
      }
    }
    return closing;
  }

  /**
   * How long a graceful close may take at most: the connect timeout (a connection still opening is
   * waited for), then writing what is queued and a second for the replies.
   */
  public long closeBudgetNanos() {
    return config.connectTimeout().toNanos() + CLOSE_DRAIN_NANOS;
  }

  /**
   * Waits for {@code closing} (from {@link #startClosing}) until {@code deadlineNanos}, then closes
   * what is still open at once: a hung or stalled server never makes close() hang.
   */
  public void finishClosing(List<Thread> closing, long deadlineNanos) {
    boolean interrupted = false;
    for (Thread t : closing) {
      long left = deadlineNanos - System.nanoTime();
      try {
        if (left > 0 && !interrupted) t.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true; // close the rest at once
      }
    }
    MemcacheConnectionException cause =
        new MemcacheConnectionException(name + ": the client was closed");
    for (Connection c : slots) {
      if (c != null) c.close(cause); // idempotent: does nothing to those closed gracefully
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
