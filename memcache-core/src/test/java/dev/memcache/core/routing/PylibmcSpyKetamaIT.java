package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * libmemcached's "spymemcached-compatible" ketama is not spymemcached's: pylibmc's {@code
 * "consistent ketama spy"} with the MD5 hash (the closest it gets) places most keys elsewhere than
 * {@link Distribution#SPYMEMCACHED_KETAMA}. (That {@link Distribution#LIBMEMCACHED_KETAMA_SPY}
 * matches pylibmc is checked in both directions with the {@link PylibmcSetups} cases.)
 */
class PylibmcSpyKetamaIT extends PythonWritesThreeServers {
  @BeforeAll
  static void requirePythonClient() {
    DebianPython.requireModules("pylibmc");
  }

  @Test
  void pylibmcsKetamaSpyModeIsNotSpymemcachedsKetama() {
    List<ServerAddress> servers = Placement.servers(fleet());
    String version =
        PythonWriter.pylibmc(
                servers, Map.of("distribution", "consistent ketama spy", "hash", "md5"))
            .write(KEYS);
    int[] found = fleet().locate(KEYS);
    NodeLocator spymemcached = Routing.locator(Distribution.SPYMEMCACHED_KETAMA, null, servers);
    NodeLocator spyMode =
        Routing.locator(Distribution.LIBMEMCACHED_KETAMA_SPY, HashAlgorithm.MD5, servers);
    int elsewhere = 0;
    for (int i = 0; i < KEYS.size(); i++) {
      if (found[i] != spymemcached.serverFor(KEYS.get(i).getBytes(StandardCharsets.UTF_8)))
        elsewhere++;
    }
    Placement.assertSame(spyMode, KEYS, found, 3, version + " consistent ketama spy, md5");
    System.out.printf(
        "%s 'consistent ketama spy' + md5: %d of %d keys on another server than spymemcached's"
            + " ketama would use%n",
        version, elsewhere, KEYS.size());
    assertTrue(elsewhere > KEYS.size() / 4, elsewhere + " keys elsewhere");
  }
}
