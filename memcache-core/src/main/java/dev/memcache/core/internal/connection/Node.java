package dev.memcache.core.internal.connection;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.ServerAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One server and its connections. Connections open lazily, on the first request that needs one;
 * a broken one is replaced by the next request. After a failed connect the server counts as down
 * and requests fail fast until the retry delay (doubling per failure, capped) has passed.
 */
public final class Node {
  private final ServerAddress address;
  private final String name;
  private final ClientConfig config;
  private final ProtocolCodec codec;
  private final Connection[] slots;
  private final ReentrantLock connectLock = new ReentrantLock();
  private volatile long retryAtNanos;
  private volatile String lastError;
  private volatile boolean lastWasAuthentication;
  private int failures;
  private volatile boolean closed;

  public Node(ServerAddress address, ClientConfig config, ProtocolCodec codec) {
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

  /** An open connection, or null when one must be opened first (see {@link #connection()}). */
  public Connection liveConnection() {
    Connection c = slots[slot()];
    return c != null && c.isOpen() ? c : null;
  }

  /**
   * An open connection, opening it now if needed (blocks up to the connect timeout). Throws {@link
   * MemcacheConnectionException} when the server cannot be reached or is in its retry delay.
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
      long wait = retryAtNanos - System.nanoTime();
      if (wait > 0) {
        String message = name + " is down (" + lastError + "); next connect attempt in "
            + TimeUnit.NANOSECONDS.toMillis(wait) + " ms";
        throw lastWasAuthentication ? new MemcacheAuthenticationException(message) : new MemcacheConnectionException(message);
      }
      c = open();
      slots[i] = c;
      failures = 0;
      return c;
    } finally {
      connectLock.unlock();
    }
  }

  /** Connects, wraps in TLS and runs the codec's handshake (SASL), all within the connect timeout per step. */
  private Connection open() {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      int timeout = (int) config.connectTimeout().toMillis();
      socket.connect(new InetSocketAddress(address.host(), address.port()), timeout);
      socket.setSoTimeout(timeout); // a silent server fails the handshakes instead of hanging them
      if (config.tls() != null) socket = Tls.wrap(socket, address, name, config);
      codec.handshake(socket, name);
      socket.setSoTimeout(0);
      return new Connection(name, socket, codec, config.maxInFlight(), config.hangTimeout().toNanos());
    } catch (IOException | RuntimeException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      failures++;
      long delay = Math.min(config.maxReconnectDelay().toNanos(), config.reconnectDelay().toNanos() << Math.min(failures - 1, 20));
      retryAtNanos = System.nanoTime() + delay;
      lastWasAuthentication = e instanceof MemcacheAuthenticationException;
      if (e instanceof MemcacheException known) { // already names the server and says what failed
        lastError = known.getMessage();
        throw known;
      }
      lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new MemcacheConnectionException(name + ": cannot connect: " + lastError, e);
    }
  }

  private int slot() {
    return slots.length == 1 ? 0 : (int) (Thread.currentThread().threadId() % slots.length);
  }

  /** Times out expired requests on every open connection (see {@link Connection#expire}). */
  public void expire(long now) {
    for (Connection c : slots) {
      if (c != null && c.isOpen()) c.expire(now);
    }
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

  /** Closes every connection; later requests fail. */
  public void close() {
    closed = true;
    for (Connection c : slots) {
      if (c != null) c.close(new MemcacheConnectionException(name + ": the client was closed"));
    }
  }
}
