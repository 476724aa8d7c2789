package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pylibmc's "consistent ketama spy" distribution (libmemcached's spymemcached-compatible mode)
 * writes; the keys must be where {@link Distribution#LIBMEMCACHED_KETAMA_SPY} says, and that is not
 * where {@link Distribution#SPYMEMCACHED_KETAMA} says.
 */
class PylibmcSpyKetamaTest extends PythonWritesThreeServers {
  @BeforeAll
  static void requirePythonClient() {
    DebianPython.requireModules("pylibmc");
  }

  static Stream<Arguments> setups() {
    Map<String, Object> spy = Map.of("distribution", "consistent ketama spy");
    return Stream.of(
        arguments(spy, new int[] {1, 1, 1}, null),
        arguments(
            Map.of("distribution", "consistent ketama spy", "hash", "md5"),
            new int[] {1, 1, 1},
            HashAlgorithm.MD5),
        arguments(spy, new int[] {1, 2, 3}, null),
        arguments(
            Map.of("distribution", "consistent ketama spy", "hash", "md5"),
            new int[] {3, 1, 2},
            HashAlgorithm.MD5));
  }

  @ParameterizedTest(name = "{0} weights {1}")
  @MethodSource("setups")
  void spyModePutsEveryKeyWherePylibmcsConsistentKetamaSpyPutsIt(
      Map<String, Object> behaviors, int[] weights, HashAlgorithm hash) {
    List<ServerAddress> servers = Placement.servers(fleet(), weights);
    String version = PythonWriter.pylibmc(servers, behaviors).write(KEYS);
    Placement.assertSame(
        Routing.locator(Distribution.LIBMEMCACHED_KETAMA_SPY, hash, servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        version + " behaviors " + behaviors);
  }

  @Test
  void libmemcachedsSpyModeIsNotSpymemcachedsKetama() {
    List<ServerAddress> servers = Placement.servers(fleet());
    NodeLocator libmemcached =
        Routing.locator(Distribution.LIBMEMCACHED_KETAMA_SPY, HashAlgorithm.MD5, servers);
    NodeLocator spymemcached = Routing.locator(Distribution.SPYMEMCACHED_KETAMA, null, servers);
    int differ = 0;
    for (String key : KEYS) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      if (libmemcached.serverFor(k) != spymemcached.serverFor(k)) differ++;
    }
    System.out.println(
        "libmemcached ketama spy (md5) vs spymemcached ketama: "
            + differ
            + " of "
            + KEYS.size()
            + " keys on another server");
    assertTrue(differ > KEYS.size() / 4, differ + " keys differ");
  }
}
