package dev.memcache.core.internal;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.connection.Connection;
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The servers of one client: routes keys to nodes and sends requests. Shared by every facade. */
public final class Cluster implements AutoCloseable {
  private final ClientConfig config;
  private final Node[] nodes;
  private final NodeLocator locator;
  private final ScheduledThreadPoolExecutor sweeper;

  public Cluster(ClientConfig config) {
    this.config = config;
    ProtocolCodec codec = codecFor(config);
    List<ServerAddress> servers = config.servers();
    this.nodes = servers.stream().map(s -> new Node(s, config, codec)).toArray(Node[]::new);
    this.locator = Routing.locator(config.distribution(), config.hashAlgorithm(), servers);
    // Callers park untimed; one sweeper per client times out expired requests and spots hung servers.
    this.sweeper = new ScheduledThreadPoolExecutor(1, r -> {
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

  /** The node that owns {@code key} (wire bytes). */
  public Node nodeFor(byte[] key) {
    return nodes.length == 1 ? nodes[0] : nodes[locator.serverFor(key)];
  }

  public Node[] nodes() {
    return nodes;
  }

  /**
   * Sends {@code r} to {@code node}. Never throws: a failure to send fails the request. With {@code
   * mayBlock}, the caller may park (opening a connection, waiting for an in-flight permit);
   * without, such waits move to a virtual thread.
   */
  public void send(Request<?> r, Node node, boolean mayBlock) {
    if (!mayBlock) {
      Connection live = node.liveConnection();
      if (live != null && live.trySend(r)) return;
      Thread.ofVirtual().name("memcache-send").start(() -> send(r, node, true));
      return;
    }
    try {
      node.connection().send(r);
    } catch (MemcacheException e) {
      r.fail(e);
    } catch (RuntimeException e) {
      r.fail(new MemcacheConnectionException(node.name() + ": " + r.describe() + " could not be sent: " + e, e));
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
