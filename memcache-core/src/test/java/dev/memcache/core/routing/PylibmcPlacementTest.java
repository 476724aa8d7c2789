package dev.memcache.core.routing;

import static dev.memcache.core.Distribution.LIBMEMCACHED_CONSISTENT;
import static dev.memcache.core.Distribution.LIBMEMCACHED_KETAMA_WEIGHTED;
import static dev.memcache.core.Distribution.LIBMEMCACHED_MODULA;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.TestKeys;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** pylibmc (Debian's python3-pylibmc, on libmemcached) writes; the keys must be where we say. */
class PylibmcPlacementTest {
  private static final List<String> KEYS = TestKeys.mixed(2000);
  private static MemcachedFleet fleet;

  @BeforeAll
  static void startServers() {
    DebianPython.requireModules("pylibmc");
    fleet = new MemcachedFleet(3);
  }

  @AfterAll
  static void stopServers() {
    if (fleet != null) fleet.close();
  }

  @BeforeEach
  void emptyServers() {
    fleet.flushAll();
  }

  @Test
  void modulaWithTheDefaultHashPutsEveryKeyWherePylibmcsDefaultsPutIt() {
    check(Map.of(), new int[0], LIBMEMCACHED_MODULA, null);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HashAlgorithm.class)
  void modulaPutsEveryKeyWherePylibmcPutsItWithTheSameHash(HashAlgorithm hash) {
    check(Map.of("hash", pylibmcName(hash)), new int[0], LIBMEMCACHED_MODULA, hash);
  }

  static Stream<Arguments> consistentSetups() {
    return Stream.of(
        arguments(
            Map.of("distribution", "consistent"),
            new int[] {1, 1, 1},
            LIBMEMCACHED_CONSISTENT,
            null),
        arguments(Map.of("ketama", true), new int[] {1, 1, 1}, LIBMEMCACHED_CONSISTENT, null),
        arguments(
            Map.of("ketama", true, "hash", "md5"),
            new int[] {1, 1, 1},
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.MD5),
        arguments(
            Map.of("distribution", "consistent", "hash", "fnv1a_32"),
            new int[] {1, 1, 1},
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.FNV1A_32),
        // a weight above 1 turns on libmemcached's weighted ring, with the key hash unchanged
        arguments(Map.of("ketama", true), new int[] {1, 2, 3}, LIBMEMCACHED_CONSISTENT, null),
        arguments(
            Map.of("distribution", "consistent", "hash", "murmur"),
            new int[] {1, 2, 3},
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.MURMUR),
        arguments(
            Map.of("ketama_weighted", true),
            new int[] {1, 1, 1},
            LIBMEMCACHED_KETAMA_WEIGHTED,
            null),
        arguments(
            Map.of("ketama_weighted", true),
            new int[] {1, 2, 3},
            LIBMEMCACHED_KETAMA_WEIGHTED,
            null),
        arguments(
            Map.of("ketama_weighted", true),
            new int[] {3, 4, 1},
            LIBMEMCACHED_KETAMA_WEIGHTED,
            null));
  }

  @ParameterizedTest(name = "{0} weights {1} -> {2} {3}")
  @MethodSource("consistentSetups")
  void consistentModesPutEveryKeyWherePylibmcPutsIt(
      Map<String, Object> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    check(behaviors, weights, distribution, hash);
  }

  @Test
  void pythonMemcached160IsLibmemcachedCrcModulaWhenWeightsAreEqual() {
    List<ServerAddress> servers = Placement.servers(fleet);
    String version = PythonWriter.pylibmc(servers, Map.of("hash", "crc")).write(KEYS);
    Placement.assertSame(
        Routing.locator(Distribution.PYTHON_MEMCACHED, null, servers),
        KEYS,
        fleet.locate(KEYS),
        3,
        version + " crc modula, read as PYTHON_MEMCACHED");
  }

  private static void check(
      Map<String, ?> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    List<ServerAddress> pythonServers = Placement.servers(fleet, weights);
    String version = PythonWriter.pylibmc(pythonServers, behaviors).write(KEYS);
    // modula ignores weights in libmemcached, and so must not be given any here
    List<ServerAddress> ours =
        distribution.supportsWeights() ? pythonServers : Placement.servers(fleet);
    Placement.assertSame(
        Routing.locator(distribution, hash, ours),
        KEYS,
        fleet.locate(KEYS),
        3,
        version + " behaviors " + behaviors);
  }

  static String pylibmcName(HashAlgorithm hash) {
    return hash == HashAlgorithm.ONE_AT_A_TIME ? "default" : hash.name().toLowerCase(Locale.ROOT);
  }
}
