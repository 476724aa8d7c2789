package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Distribution;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every mode promises the failure policy while servers are down. Matching each client's own
 * fallback is checked against the real clients in the placement tests.
 */
class RedistributionTest {
  private static final List<String> KEYS = TestKeys.mixed(2000);
  private static final int SERVERS = 5;
  private static final int DOWN = 3;

  @ParameterizedTest
  @EnumSource(Distribution.class)
  void aKeyWhoseServerIsAliveNeverMoves(Distribution distribution) {
    NodeLocator locator = Routing.locator(distribution, null, servers());
    for (String key : KEYS) {
      int owner = locator.serverFor(bytes(key));
      if (owner != DOWN) assertEquals(owner, locator.serverFor(bytes(key), i -> i != DOWN), key);
    }
  }

  @ParameterizedTest
  @EnumSource(Distribution.class)
  void aDownServersKeysSpreadOverTheLiveServers(Distribution distribution) {
    NodeLocator locator = Routing.locator(distribution, null, servers());
    int[] got = new int[SERVERS];
    for (String key : KEYS) {
      if (locator.serverFor(bytes(key)) != DOWN) continue;
      int fallback = locator.serverFor(bytes(key), i -> i != DOWN);
      if (fallback == NodeLocator.NO_SERVER) continue; // a client that gives up (rare)
      assertNotEquals(DOWN, fallback, key);
      got[fallback]++;
    }
    for (int s = 0; s < SERVERS; s++) {
      if (s != DOWN)
        assertTrue(got[s] > 0, "server " + s + " took none of server " + DOWN + "'s keys");
    }
  }

  @ParameterizedTest
  @EnumSource(Distribution.class)
  void withEveryServerDownThereIsNoServer(Distribution distribution) {
    NodeLocator locator = Routing.locator(distribution, null, servers());
    for (String key : KEYS.subList(0, 100))
      assertEquals(NodeLocator.NO_SERVER, locator.serverFor(bytes(key), i -> false));
  }

  @ParameterizedTest
  @EnumSource(
      value = Distribution.class,
      names = {"LIBMEMCACHED_CONSISTENT", "PYMEMCACHE_RENDEZVOUS"})
  void aDownServersKeysGoWhereTheyWouldWithoutThatServer(Distribution distribution) {
    // libmemcached's auto-eject and pymemcache rebuild without the dead server: same answers
    List<ServerAddress> all = servers();
    List<ServerAddress> live = new ArrayList<>(all);
    live.remove(DOWN);
    NodeLocator full = Routing.locator(distribution, null, all);
    NodeLocator withoutDown = Routing.locator(distribution, null, live);
    for (String key : KEYS) {
      int survivor = withoutDown.serverFor(bytes(key));
      int expected = survivor < DOWN ? survivor : survivor + 1;
      assertEquals(expected, full.serverFor(bytes(key), i -> i != DOWN), key);
    }
  }

  private static List<ServerAddress> servers() {
    List<ServerAddress> out = new ArrayList<>();
    for (int i = 0; i < SERVERS; i++) out.add(new ServerAddress("10.1.0." + (i + 1), 11211, 1));
    return out;
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
