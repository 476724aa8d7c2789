package dev.memcache.core.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pymemcache's HashClient (Debian's python3-pymemcache) writes; the keys must be where we say. */
class PymemcachePlacementIT extends PythonWritesThreeServers {
  @BeforeAll
  static void requirePythonClient() {
    DebianPython.requireModules("pymemcache.client.hash");
  }

  @Test
  void rendezvousPutsEveryKeyWhereHashClientPutsIt() {
    List<ServerAddress> servers = Placement.servers(fleet());
    String version = PythonWriter.pymemcache(servers).write(KEYS);
    Placement.assertSame(locator(servers), KEYS, fleet().locate(KEYS), 3, version);
  }

  @ParameterizedTest(name = "dead server {0}")
  @ValueSource(ints = {0, 1})
  void aDeadServersKeysGoWhereHashClientSendsThemOnceItDropsTheServer(int dead) {
    List<ServerAddress> servers = Placement.servers(fleet());
    String version = PythonWriter.pymemcache(servers).withDeadServer(dead).write(KEYS);
    Placement.assertSame(
        locator(servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        i -> i != dead,
        version + " without server " + dead);
  }

  @Test
  void theKeyPrefixIsNotHashed() {
    List<ServerAddress> servers = Placement.servers(fleet());
    List<String> keys = TestKeys.shorterThan(KEYS, 240);
    String version = PythonWriter.pymemcache(servers).withKeyPrefix("app:").write(keys);
    int[] found = fleet().locate(keys.stream().map(k -> "app:" + k).toList());
    // placement is decided by the key without its prefix
    Placement.assertSame(locator(servers), keys, found, 3, version + " key_prefix=b'app:'");
  }

  private static NodeLocator locator(List<ServerAddress> servers) {
    return Routing.locator(Distribution.PYMEMCACHE_RENDEZVOUS, null, servers);
  }
}
