package dev.memcache.java.routing;

import static dev.memcache.core.Distribution.LIBMEMCACHED_CONSISTENT;
import static dev.memcache.core.Distribution.LIBMEMCACHED_MODULA;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.routing.PylibmcSetups;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM client writes with the libmemcached distributions; pylibmc (Debian's, with the same
 * behaviors) reads every key.
 */
class ClientWritesPylibmcReadsIT extends JvmWritesThreeServers {

  @BeforeAll
  static void requirePylibmc() {
    DebianPython.requireModules("pylibmc");
  }

  @Test
  void modulaKeysAreFoundByPylibmcWithItsDefaults() {
    write(client().distribution(LIBMEMCACHED_MODULA), KEYS);
    assertReadBack(KEYS, "", PythonReader.pylibmc(fleet().addresses(), Map.of()).read(KEYS));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HashAlgorithm.class)
  void modulaKeysAreFoundByPylibmcWithTheSameHash(HashAlgorithm hash) {
    write(client().distribution(LIBMEMCACHED_MODULA, hash), KEYS);
    assertReadBack(
        KEYS,
        "",
        PythonReader.pylibmc(fleet().addresses(), Map.of("hash", PylibmcSetups.hashName(hash)))
            .read(KEYS));
  }

  @ParameterizedTest(name = "{0} weights {1} <- {2} {3}")
  @MethodSource("dev.memcache.core.routing.PylibmcSetups#consistent")
  void consistentKeysAreFoundByPylibmcWithTheMatchingBehaviors(
      Map<String, Object> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    MemcacheClient.Builder jvm = client(weights);
    write(
        hash == null ? jvm.distribution(distribution) : jvm.distribution(distribution, hash), KEYS);
    assertReadBack(
        KEYS, "", PythonReader.pylibmc(fleet().addresses(weights), behaviors).read(KEYS));
  }

  @Test
  void keyPrefixedKeysAreFoundByPylibmcAsPrefixedKeys() {
    // pylibmc has no key prefix of its own: a service writes the prefix into the key, and
    // libmemcached hashes all of it
    List<String> keys = SHORT_KEYS;
    write(client(1, 2, 3).distribution(LIBMEMCACHED_CONSISTENT).keyPrefix("app:"), keys);
    assertReadBack(
        keys,
        "app:",
        PythonReader.pylibmc(fleet().addresses(1, 2, 3), Map.of("ketama", true))
            .withKeyPrefix("app:")
            .read(keys));
  }
}
