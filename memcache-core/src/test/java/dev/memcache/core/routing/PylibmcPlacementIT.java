package dev.memcache.core.routing;

import static dev.memcache.core.Distribution.LIBMEMCACHED_MODULA;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** pylibmc (Debian's python3-pylibmc, on libmemcached) writes; the keys must be where we say. */
class PylibmcPlacementIT extends PythonWritesThreeServers {
  @BeforeAll
  static void requirePythonClient() {
    DebianPython.requireModules("pylibmc");
  }

  @Test
  void modulaWithTheDefaultHashPutsEveryKeyWherePylibmcsDefaultsPutIt() {
    check(Map.of(), new int[0], LIBMEMCACHED_MODULA, null);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HashAlgorithm.class)
  void modulaPutsEveryKeyWherePylibmcPutsItWithTheSameHash(HashAlgorithm hash) {
    check(Map.of("hash", PylibmcSetups.hashName(hash)), new int[0], LIBMEMCACHED_MODULA, hash);
  }

  @ParameterizedTest(name = "{0} weights {1} -> {2} {3}")
  @MethodSource("dev.memcache.core.routing.PylibmcSetups#consistent")
  void consistentModesPutEveryKeyWherePylibmcPutsIt(
      Map<String, Object> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    check(behaviors, weights, distribution, hash);
  }

  @Test
  void pythonMemcached160IsLibmemcachedCrcModulaWhenWeightsAreEqual() {
    List<ServerAddress> servers = Placement.servers(fleet());
    String version = PythonWriter.pylibmc(servers, Map.of("hash", "crc")).write(KEYS);
    Placement.assertSame(
        Routing.locator(Distribution.PYTHON_MEMCACHED, null, servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        version + " crc modula, read as PYTHON_MEMCACHED");
  }

  private static void check(
      Map<String, ?> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    List<ServerAddress> pythonServers = Placement.servers(fleet(), weights);
    String version = PythonWriter.pylibmc(pythonServers, behaviors).write(KEYS);
    // modula ignores weights in libmemcached, and so must not be given any here
    List<ServerAddress> ours =
        distribution.supportsWeights() ? pythonServers : Placement.servers(fleet());
    Placement.assertSame(
        Routing.locator(distribution, hash, ours),
        KEYS,
        fleet().locate(KEYS),
        3,
        version + " behaviors " + behaviors);
  }
}
