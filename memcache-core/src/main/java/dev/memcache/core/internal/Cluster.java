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
import dev.memcache.core.internal.routing.PythonMemcachedLocator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The servers of one client: routes keys to nodes and sends requests. Shared by every facade. */
public final class Cluster implements AutoCloseable {
  private final ClientConfig config;
  private final Node[] nodes;
  private final NodeLocator locator;
  private final ScheduledThreadPoolExecutor timer;

  public Cluster(ClientConfig config) {
    this.config = config;
    ProtocolCodec codec = codecFor(config);
    List<ServerAddress> servers = config.servers();
    this.nodes = servers.stream().map(s -> new Node(s, config, codec)).toArray(Node[]::new);
    this.locator = new PythonMemcachedLocator(servers, false);
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "memcache-timeouts");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
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

  /** Times {@code call} out at its deadline unless it is done first; returns the handle to cancel. */
  public ScheduledFuture<?> scheduleTimeout(Call<?> call) {
    long delay = call.deadlineNanos() - System.nanoTime();
    return timer.schedule(call::timeout, Math.max(0, delay), TimeUnit.NANOSECONDS);
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
    timer.shutdownNow();
  }
}
