package dev.memcache.java.routing;

import static dev.memcache.core.Distribution.LIBMEMCACHED_CONSISTENT;
import static dev.memcache.core.Distribution.LIBMEMCACHED_KETAMA_WEIGHTED;
import static dev.memcache.core.Distribution.LIBMEMCACHED_MODULA;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM client writes with the libmemcached distributions; pylibmc (Debian's, with the same
 * behaviors) reads every key.
 */
class ClientWritesPylibmcReadsTest extends JvmWritesThreeServers {

  @BeforeAll
  static void requirePylibmc() {
    DebianPython.requireModules("pylibmc");
  }

  @Test
  void modulaKeysAreFoundByPylibmcWithItsDefaults() {
    write(client().distribution(LIBMEMCACHED_MODULA), KEYS);
    assertReadBack(KEYS, "", PythonReader.pylibmc(fleet.addresses(), Map.of()).read(KEYS));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(HashAlgorithm.class)
  void modulaKeysAreFoundByPylibmcWithTheSameHash(HashAlgorithm hash) {
    write(client().distribution(LIBMEMCACHED_MODULA, hash), KEYS);
    assertReadBack(
        KEYS,
        "",
        PythonReader.pylibmc(fleet.addresses(), Map.of("hash", pylibmcName(hash))).read(KEYS));
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
            Map.of("distribution", "consistent", "hash", "fnv1a_64"),
            new int[] {1, 1, 1},
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.FNV1A_64),
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

  @ParameterizedTest(name = "{0} weights {1} <- {2} {3}")
  @MethodSource("consistentSetups")
  void consistentKeysAreFoundByPylibmcWithTheMatchingBehaviors(
      Map<String, Object> behaviors, int[] weights, Distribution distribution, HashAlgorithm hash) {
    MemcacheClient.Builder jvm = client(weights);
    write(
        hash == null ? jvm.distribution(distribution) : jvm.distribution(distribution, hash), KEYS);
    assertReadBack(KEYS, "", PythonReader.pylibmc(fleet.addresses(weights), behaviors).read(KEYS));
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
        PythonReader.pylibmc(fleet.addresses(1, 2, 3), Map.of("ketama", true))
            .withKeyPrefix("app:")
            .read(keys));
  }

  private static String pylibmcName(HashAlgorithm hash) {
    return hash == HashAlgorithm.ONE_AT_A_TIME ? "default" : hash.name().toLowerCase(Locale.ROOT);
  }
}
