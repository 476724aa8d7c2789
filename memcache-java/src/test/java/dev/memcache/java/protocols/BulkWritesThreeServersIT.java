package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code setMulti} and {@code deleteMulti} split across three real servers, over every protocol:
 * each key lands on the server the client's routing owns it to, and one server down fails the call
 * (FAIL_FAST, as {@code getMulti} does) or maps its keys to false (MISS).
 */
class BulkWritesThreeServersIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);
  private static final int VICTIM = 1;

  private static MemcacheClient client(Protocol p, FailurePolicy policy) {
    return MemcacheClient.builder()
        .servers(servers.fleet().addresses())
        .protocol(p)
        .failurePolicy(policy)
        .connectTimeout(Duration.ofMillis(300))
        .operationTimeout(Duration.ofMillis(500))
        .build();
  }

  private static Map<String, Object> values(Protocol p, int n) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) values.put(p + ":bulk:" + i, "value " + i);
    return values;
  }

  /** For each key, the server the client's routing owns it to. */
  private static int[] owners(ClientConfig config, List<String> keys) {
    NodeLocator locator =
        Routing.locator(config.distribution(), config.hashAlgorithm(), config.servers());
    return keys.stream()
        .mapToInt(k -> locator.serverFor(k.getBytes(StandardCharsets.UTF_8)))
        .toArray();
  }

  private static Set<String> victimKeys(ClientConfig config, List<String> keys) {
    int[] owners = owners(config, keys);
    Set<String> out = new HashSet<>();
    for (int i = 0; i < owners.length; i++) if (owners[i] == VICTIM) out.add(keys.get(i));
    return out;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyKeyLandsOnItsOwnServerAndIsDeletedThere(Protocol p) {
    try (MemcacheClient c = client(p, FailurePolicy.FAIL_FAST)) {
      Map<String, Object> values = values(p, 300);
      List<String> keys = new ArrayList<>(values.keySet());
      Map<String, Boolean> stored = c.setMulti(values, Duration.ZERO);
      assertEquals(300, stored.size());
      assertTrue(stored.values().stream().allMatch(b -> b));
      int[] owners = owners(c.config(), keys);
      assertArrayEquals(owners, servers.fleet().locate(keys), "each key on its owner");
      assertEquals(
          Set.of(0, 1, 2),
          Arrays.stream(owners).boxed().collect(Collectors.toSet()),
          "the keys spread over the three servers");

      Map<String, Boolean> deleted = c.deleteMulti(keys);
      assertTrue(deleted.values().stream().allMatch(b -> b));
      assertTrue(Arrays.stream(servers.fleet().locate(keys)).allMatch(s -> s == -1));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void underFailFastADownServerFailsTheCallLikeGetMultiAndTheOthersKeysAreStored(Protocol p) {
    MemcachedServer victim = servers.fleet().servers().get(VICTIM);
    victim.stop();
    try (MemcacheClient c = client(p, FailurePolicy.FAIL_FAST)) {
      Map<String, Object> values = values(p, 150);
      List<String> keys = new ArrayList<>(values.keySet());
      assertThrows(MemcacheConnectionException.class, () -> c.setMulti(values, Duration.ZERO));
      assertThrows(
          MemcacheConnectionException.class, () -> c.getMulti(keys), "getMulti behaves alike");
      Set<String> onVictim = victimKeys(c.config(), keys);
      assertFalse(onVictim.isEmpty());
      int[] owners = owners(c.config(), keys);
      for (int live : new int[] {0, 2}) {
        Set<String> owned = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) if (owners[i] == live) owned.add(keys.get(i));
        assertEquals(
            owned,
            MemcachedFleet.keysOn(servers.fleet().servers().get(live), keys),
            "live server " + live + " stored its keys");
      }
      assertThrows(MemcacheConnectionException.class, () -> c.deleteMulti(keys));
      for (int live : new int[] {0, 2}) {
        assertEquals(
            Set.of(),
            MemcachedFleet.keysOn(servers.fleet().servers().get(live), keys),
            "live server " + live + " deleted its keys");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void underMissADownServersKeysMapToFalseAndTheRestToTrue(Protocol p) {
    servers.fleet().servers().get(VICTIM).stop();
    try (MemcacheClient c = client(p, FailurePolicy.MISS)) {
      Map<String, Object> values = values(p, 150);
      List<String> keys = new ArrayList<>(values.keySet());
      Set<String> onVictim = victimKeys(c.config(), keys);
      Map<String, Boolean> stored = c.setMulti(values, Duration.ZERO);
      assertEquals(keys, new ArrayList<>(stored.keySet()));
      stored.forEach((k, ok) -> assertEquals(!onVictim.contains(k), ok, k));
      Map<String, Boolean> deleted = c.deleteMulti(keys);
      deleted.forEach((k, ok) -> assertEquals(!onVictim.contains(k), ok, k));
      assertEquals(Map.of(), c.getMulti(keys));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noReplyBulkWritesReachEveryServer(Protocol p) {
    try (MemcacheClient c = client(p, FailurePolicy.FAIL_FAST)) {
      Map<String, Object> values = values(p, 300);
      List<String> keys = new ArrayList<>(values.keySet());
      c.noReply().setMulti(values, Duration.ZERO);
      assertEquals(300, c.getMulti(keys).size(), "a later read sees them on every server");
      assertArrayEquals(owners(c.config(), keys), servers.fleet().locate(keys));
      c.noReply().deleteMulti(keys);
      assertEquals(Map.of(), c.getMulti(keys));
    }
  }
}
