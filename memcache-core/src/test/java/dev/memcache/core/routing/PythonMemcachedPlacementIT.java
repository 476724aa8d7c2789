package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.memcache.core.Distribution;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** python-memcached (Debian's python3-memcache) writes; the keys must be where our locator says. */
class PythonMemcachedPlacementIT extends PythonWritesThreeServers {
  @BeforeAll
  static void requirePythonClient() {
    DebianPython.requireModules("memcache");
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3"})
  void legacyModePutsEveryKeyWhereDebiansPythonMemcachedPutsIt(String weights) {
    List<ServerAddress> servers = Placement.servers(fleet(), parse(weights));
    String version = PythonWriter.pythonMemcached(servers).write(KEYS);
    Placement.assertSame(
        locator(Distribution.PYTHON_MEMCACHED_LEGACY, servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        version);
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3"})
  void currentModePutsEveryKeyWherePythonMemcachedWithoutOr1PutsIt(String weights) {
    List<ServerAddress> servers = Placement.servers(fleet(), parse(weights));
    String version = PythonWriter.pythonMemcached(servers).withoutOr1().write(KEYS);
    Placement.assertSame(
        locator(Distribution.PYTHON_MEMCACHED, servers), KEYS, fleet().locate(KEYS), 3, version);
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3"})
  void oldHashModePutsEveryKeyWherePythonMemcachedPutsItAfterUseOldServerHashFunction(
      String weights) {
    List<ServerAddress> servers = Placement.servers(fleet(), parse(weights));
    String version = PythonWriter.pythonMemcached(servers).withOldServerHashFunction().write(KEYS);
    Placement.assertSame(
        locator(Distribution.PYTHON_MEMCACHED_OLD_HASH, servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        version);
  }

  @Test
  void oldHashModeFollowsPythonMemcachedsRehashWhileAServerIsDown() {
    List<ServerAddress> servers = Placement.servers(fleet(), 1, 2, 3);
    String version =
        PythonWriter.pythonMemcached(servers)
            .withOldServerHashFunction()
            .withDeadServer(1)
            .write(KEYS);
    Placement.assertSame(
        locator(Distribution.PYTHON_MEMCACHED_OLD_HASH, servers),
        KEYS,
        fleet().locate(KEYS),
        3,
        s -> s != 1,
        version + " with server 1 dead");
  }

  @Test
  void theTwoModesDifferExactlyOnKeysWhoseHashIsZero() {
    List<ServerAddress> servers = Placement.servers(fleet(), 1, 2, 3);
    NodeLocator legacy = locator(Distribution.PYTHON_MEMCACHED_LEGACY, servers);
    NodeLocator current = locator(Distribution.PYTHON_MEMCACHED, servers);
    for (String key : KEYS) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      CRC32 crc = new CRC32();
      crc.update(k);
      boolean zero = ((crc.getValue() >>> 16) & 0x7fff) == 0;
      if (zero) assertNotEquals(legacy.serverFor(k), current.serverFor(k), key);
      else assertEquals(legacy.serverFor(k), current.serverFor(k), key);
    }
  }

  @ParameterizedTest(name = "dead server {0}")
  @ValueSource(ints = {0, 2})
  void aDeadServersKeysAreRehashedAsPythonMemcachedRehashesThem(int dead) {
    List<ServerAddress> servers = Placement.servers(fleet(), 1, 2, 3);
    String version = PythonWriter.pythonMemcached(servers).withDeadServer(dead).write(KEYS);
    NodeLocator locator = locator(Distribution.PYTHON_MEMCACHED_LEGACY, servers);
    Placement.assertSame(
        locator,
        KEYS,
        fleet().locate(KEYS),
        3,
        i -> i != dead,
        version + " with server " + dead + " dead");
  }

  @Test
  void theKeyPrefixIsHashedWithTheKey() {
    List<ServerAddress> servers = Placement.servers(fleet(), 1, 2, 3);
    List<String> keys = TestKeys.shorterThan(KEYS, 240);
    String version = PythonWriter.pythonMemcached(servers).withKeyPrefix("app:").write(keys);
    List<String> stored = keys.stream().map(k -> "app:" + k).collect(Collectors.toList());
    Placement.assertSame(
        locator(Distribution.PYTHON_MEMCACHED_LEGACY, servers),
        stored,
        fleet().locate(stored),
        3,
        version + " set_multi(key_prefix='app:')");
  }

  static NodeLocator locator(Distribution distribution, List<ServerAddress> servers) {
    return Routing.locator(distribution, null, servers);
  }

  static int[] parse(String weights) {
    return Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
