package dev.memcache.core.internal;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

  public Cluster(ClientConfig config) {
    this.config = config;
    ProtocolCodec codec = codecFor(config);
    List<ServerAddress> servers = config.servers();
    this.nodes = servers.stream().map(s -> new Node(s, config, codec)).toArray(Node[]::new);
    this.locator = Routing.locator(config.distribution(), config.hashAlgorithm(), servers);
    this.prefixLength =
        config.distribution().hashesKeyPrefix()
            ? 0
            : config.keyPrefix().getBytes(StandardCharsets.UTF_8).length;
    this.alive = i -> !nodes[i].isDown();
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

  private static ProtocolCodec codecFor(ClientConfig config) {
    return switch (config.protocol()) {
      case TEXT -> new TextCodec();
      case BINARY -> new BinaryCodec(config.saslUsername(), config.saslPassword());
      case META -> new MetaCodec();
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
  public Node nodeFor(byte[] key) {
    if (nodes.length == 1) return nodes[0];
    byte[] hashed = prefixLength == 0 ? key : Arrays.copyOfRange(key, prefixLength, key.length);
    int owner = locator.serverFor(hashed);
    if (config.failurePolicy() != FailurePolicy.REDISTRIBUTE || !nodes[owner].isDown())
      return nodes[owner];
    int fallback = locator.serverFor(hashed, alive);
    return nodes[fallback == NodeLocator.NO_SERVER ? owner : fallback];
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
   * @param r the request, failed here when it cannot be sent
   * @param node the server it goes to
   * @param mayBlock ignored since sending never blocks; kept for the facades that pass it
   */
  public void send(Request<?> r, Node node, boolean mayBlock) {
    if (node.isDown()) {
      r.fail(node.downException(r));
      return;
    }
    try {
      node.connection().send(r);
    } catch (MemcacheException e) {
      r.fail(e);
    } catch (RuntimeException e) {
      r.fail(
          new MemcacheConnectionException(
              node.name() + ": " + r.describe() + " could not be sent: " + e, e));
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
    for (Node n : nodes) n.close();
    sweeper.shutdownNow();
  }
}
