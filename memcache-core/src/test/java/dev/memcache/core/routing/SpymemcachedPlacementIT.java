package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Distribution;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.TestKeys;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaConnectionFactory;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.Test;

/** spymemcached 2.12.3 (the real jar) places keys; ours must agree. */
class SpymemcachedPlacementIT {
  private static final List<String> KEYS = TestKeys.mixed(2000);

  @Test
  void ketamaPutsEveryKeyWhereSpymemcachedsKetamaClientPutsIt() throws Exception {
    try (MemcachedFleet fleet = new MemcachedFleet(3)) {
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (ServerAddress s : Placement.servers(fleet))
        addresses.add(new InetSocketAddress(s.host(), s.port()));
      MemcachedClient spy = new MemcachedClient(new KetamaConnectionFactory(), addresses);
      try {
        // a node still connecting counts as down, and its keys would be redistributed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (spy.getAvailableServers().size() < 3 && System.nanoTime() < deadline)
          Thread.sleep(10);
        assertEquals(
            3, spy.getAvailableServers().size(), "spymemcached did not connect to every server");
        List<Future<Boolean>> writes = new ArrayList<>();
        for (String key : KEYS) writes.add(spy.set(key, 0, "v"));
        for (Future<Boolean> w : writes)
          assertTrue(w.get(10, TimeUnit.SECONDS), "spymemcached could not store a key");
      } finally {
        spy.shutdown(5, TimeUnit.SECONDS);
      }
      Placement.assertSame(
          locator(Placement.servers(fleet)),
          KEYS,
          fleet.locate(KEYS),
          3,
          "spymemcached 2.12.3 ketama");
    }
  }

  @Test
  void hostNamesAndManyServersPlaceKeysAsSpymemcachedsLocatorDoes() {
    List<ServerAddress> servers = new ArrayList<>();
    for (int i = 0; i < 7; i++)
      servers.add(new ServerAddress(i % 2 == 0 ? "localhost" : "127.0.0." + (i + 1), 11211 + i, 1));
    KetamaNodeLocator spy = new KetamaNodeLocator(nodes(servers), DefaultHashAlgorithm.KETAMA_HASH);
    NodeLocator ours = locator(servers);
    for (String key : KEYS) {
      int expected = index(spy.getPrimary(key), servers);
      assertEquals(expected, ours.serverFor(key.getBytes(StandardCharsets.UTF_8)), key);
    }
  }

  @Test
  void aDownServersKeysFollowSpymemcachedsRedistributeSequence() {
    List<ServerAddress> servers = new ArrayList<>();
    for (int i = 0; i < 4; i++) servers.add(new ServerAddress("127.0.0.1", 20000 + i, 1));
    KetamaNodeLocator spy = new KetamaNodeLocator(nodes(servers), DefaultHashAlgorithm.KETAMA_HASH);
    NodeLocator ours = locator(servers);
    for (int dead = 0; dead < servers.size(); dead++) {
      final int down = dead;
      for (String key : KEYS) {
        int expected = NodeLocator.NO_SERVER;
        for (Iterator<MemcachedNode> seq = spy.getSequence(key); seq.hasNext(); ) {
          int candidate = index(seq.next(), servers);
          if (candidate != down) {
            expected = candidate;
            break;
          }
        }
        assertEquals(
            expected,
            ours.serverFor(key.getBytes(StandardCharsets.UTF_8), i -> i != down),
            key + " with " + down + " down");
      }
    }
  }

  private static NodeLocator locator(List<ServerAddress> servers) {
    return Routing.locator(Distribution.SPYMEMCACHED_KETAMA, null, servers);
  }

  /** spymemcached nodes that only know their address: all a locator asks of them. */
  private static List<MemcachedNode> nodes(List<ServerAddress> servers) {
    List<MemcachedNode> nodes = new ArrayList<>();
    for (ServerAddress s : servers) {
      InetSocketAddress address = new InetSocketAddress(s.host(), s.port());
      nodes.add(
          (MemcachedNode)
              Proxy.newProxyInstance(
                  MemcachedNode.class.getClassLoader(),
                  new Class<?>[] {MemcachedNode.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "getSocketAddress" -> address;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "node " + address;
                        default -> throw new UnsupportedOperationException(method.getName());
                      }));
    }
    return nodes;
  }

  private static int index(MemcachedNode node, List<ServerAddress> servers) {
    InetSocketAddress a = (InetSocketAddress) node.getSocketAddress();
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).port() == a.getPort() && servers.get(i).host().equals(a.getHostString()))
        return i;
    }
    throw new AssertionError("unknown node " + a);
  }
}
