package dev.memcache.core.internal;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.connection.Events;
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/** The servers of one client: routes keys to nodes and sends requests. Shared by every facade. */
public final class Cluster implements AutoCloseable {
  private final ClientConfig config;
  private final Node[] nodes;
  private final NodeLocator locator;

  /** Bytes of key prefix to leave out of the hash (pymemcache hashes the key without it). */
  private final int prefixLength;

  private final IntPredicate alive;
  private final ScheduledThreadPoolExecutor sweeper;

  /** Exptime cap (seconds, at most 30 days) of a write sent to a fallback server. */
  private final int failoverTtlSeconds;

  private final Events events;
  private volatile boolean closed;

  public Cluster(ClientConfig config) {
    this.config = config;
    ProtocolCodec codec = codecFor(config);
    List<ServerAddress> servers = config.servers();
    this.events = new Events(config);
    this.nodes = servers.stream().map(s -> new Node(s, config, codec, events)).toArray(Node[]::new);
    this.locator = Routing.locator(config.distribution(), config.hashAlgorithm(), servers);
    this.prefixLength =
        config.distribution().hashesKeyPrefix()
            ? 0
            : config.keyPrefix().getBytes(StandardCharsets.UTF_8).length;
    this.alive = i -> !nodes[i].isDown();
    this.failoverTtlSeconds = Expiry.of(config.failoverTtl());
    // Callers park untimed; one sweeper per client times out expired requests and spots hung
    // servers.
    this.sweeper =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "memcache-sweeper");
              t.setDaemon(true);
              return t;
            });
    long tick = Math.clamp(config.operationTimeout().toMillis() / 10, 1, 10);
    sweeper.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
  }

  private void expire() {
    long now = System.nanoTime();
    for (Node n : nodes) {
      try {
        n.expire(now);
      } catch (RuntimeException | Error e) {
        // never let one failure stop the sweeper: every parked caller depends on it
      }
    }
  }

  /**
   * The codec of the configured protocol. It reads no value over {@code maxValueSize} (the server's
   * {@code -I}): a reply declaring more closes the connection before anything is allocated.
   */
  private static ProtocolCodec codecFor(ClientConfig config) {
    int maxValue = config.maxValueSize();
    return switch (config.protocol()) {
      case TEXT -> new TextCodec(maxValue);
      case BINARY -> new BinaryCodec(config.saslUsername(), config.saslPassword(), maxValue);
      case META -> new MetaCodec(maxValue);
    };
  }

  public ClientConfig config() {
    return config;
  }

  /**
   * The node for {@code key} (wire bytes, prefix included): its owner, or with {@link
   * FailurePolicy#REDISTRIBUTE} the next live server when the owner is down (the owner again when
   * none is live, so the request fails as down).
   */
  public Node nodeFor(String key) {
    return route(key, null);
  }

  /**
   * The node for {@code r}'s key, as {@link #nodeFor(String)}. When that is a fallback server, a
   * write's expiration is capped at {@link ClientConfig#failoverTtl()}: the copy a fallback holds
   * must not outlive the outage, or a later outage would serve it although the owner has a newer
   * value by then (mcrouter's {@code failover_exptime}).
   */
  public Node nodeFor(Request<?> r) {
    return route(r.key, r);
  }

  private Node route(String key, Request<?> r) {
    if (nodes.length == 1) return nodes[0];
    byte[] hashed = Keys.bytes(prefixLength == 0 ? key : key.substring(prefixLength));
    int owner = locator.serverFor(hashed);
    if (config.failurePolicy() != FailurePolicy.REDISTRIBUTE || !nodes[owner].isDown())
      return nodes[owner];
    int fallback = locator.serverFor(hashed, alive);
    if (fallback == NodeLocator.NO_SERVER) return nodes[owner];
    if (r != null) r.capExpiry(failoverTtlSeconds);
    return nodes[fallback];
  }

  /**
   * Throws {@link IllegalStateException} once {@link #close()} was called: a closed client must not
   * look like a cache miss under {@link FailurePolicy#MISS}.
   */
  public void checkOpen() {
    if (closed) throw new IllegalStateException("client is closed");
  }

  public Node[] nodes() {
    return nodes;
  }

  /**
   * Sends {@code r} to {@code node}. Never throws and never waits: a failure to send fails the
   * request; a connection being opened or full queues it in issue order (the sweeper times it out
   * there), so requests one thread sends reach the server in that order. The caller then awaits
   * {@code r}.
   *
   * <p>With a listener, the listener hears of the request here, on the caller's thread, and the
   * call returned reports its end; without one the call returned is {@code r} itself: no event, no
   * clock read, no allocation.
   *
   * @param r the request, failed here when it cannot be sent
   * @param node the server it goes to
   * @return the call to await: {@code r}, or {@code r} reported to the listener
   */
  public <T> Call<T> send(Request<T> r, Node node) {
    Call<T> call = heard(r, node);
    sendOnly(r, node);
    return call;
  }

  /**
   * {@code r} itself without a listener; with one, the listener hears now (on the caller's thread)
   * that {@code r} starts, and the call returned reports its end.
   */
  private <T> Call<T> heard(Request<T> r, Node node) {
    if (!events.hearsRequests()) return r;
    Object token = events.requestStarted(r, node.address());
    return new ReportedCall<>(r, node.address(), events, token);
  }

  private void sendOnly(Request<?> r, Node node) {
    if (node.isDown()) {
      r.fail(node.downException(r));
      return;
    }
    try {
      node.connection().send(r);
    } catch (RuntimeException e) {
      r.fail(unsent(node, r, e));
    }
  }

  /** How a request fails when its connection threw while taking it. */
  private static MemcacheException unsent(Node node, Request<?> r, RuntimeException e) {
    return e instanceof MemcacheException m
        ? m
        : new MemcacheConnectionException(
            node.name() + ": " + r.describe() + " could not be sent: " + e, e);
  }

  /**
   * Sends every request of {@code rs} to {@code node} as {@link #send} does, queued together and
   * written in one batch (bulk writes). Never throws and never waits.
   *
   * @param node the server they go to
   * @param rs the requests, failed here when they cannot be sent
   * @return the calls to await, in the order of {@code rs}: the requests themselves, or with a
   *     listener each reported to it as {@link #send} does
   */
  @SuppressWarnings("unchecked")
  public List<Call<?>> sendAll(Node node, List<? extends Request<?>> rs) {
    List<Call<?>> calls = (List<Call<?>>) (List<?>) rs;
    if (events.hearsRequests()) {
      calls = new ArrayList<>(rs.size());
      for (Request<?> r : rs) calls.add(heard(r, node));
    }
    sendAllOnly(node, rs);
    return calls;
  }

  private void sendAllOnly(Node node, List<? extends Request<?>> rs) {
    if (node.isDown()) {
      for (Request<?> r : rs) r.fail(node.downException(r));
      return;
    }
    try {
      node.connection().sendAll(rs);
    } catch (RuntimeException e) {
      for (Request<?> r : rs) r.fail(unsent(node, r, e));
    }
  }

  /** Mean requests per write call over open connections: how much pipelining batches writes. */
  public double requestsPerWrite() {
    double sum = 0;
    for (Node n : nodes) sum += n.requestsPerWrite();
    return sum / nodes.length;
  }

  @Override
  public void close() {
    closed = true;
    // Every connection of every server drains at once; the slowest bounds the whole.
    List<List<Thread>> closing = new ArrayList<>(nodes.length);
    long budget = 0;
    for (Node n : nodes) {
      closing.add(n.startClosing());
      budget = Math.max(budget, n.closeBudgetNanos());
    }
    long deadline = System.nanoTime() + budget;
    for (int i = 0; i < nodes.length; i++) nodes[i].finishClosing(closing.get(i), deadline);
    sweeper.shutdownNow();
  }
}
