package dev.memcache.java.routing;

import static dev.memcache.core.Distribution.PYTHON_MEMCACHED;
import static dev.memcache.core.Distribution.PYTHON_MEMCACHED_LEGACY;

import dev.memcache.core.Distribution;
import dev.memcache.testkit.DebianPython;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM client writes with the python-memcached distributions; Debian's python-memcached reads
 * every key.
 */
class ClientWritesPythonMemcachedReadsIT extends JvmWritesThreeServers {

  @BeforeAll
  static void requirePythonMemcached() {
    DebianPython.requireModules("memcache");
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3", "3,1,2"})
  void legacyModeKeysAreFoundByDebiansPythonMemcachedWhereItLooks(String weights) {
    int[] w = parse(weights);
    write(client(w).distribution(PYTHON_MEMCACHED_LEGACY), KEYS);
    assertReadBack(KEYS, "", PythonReader.pythonMemcached(fleet().addresses(w)).read(KEYS));
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3"})
  void currentModeKeysAreFoundByPythonMemcachedWithoutOr1(String weights) {
    int[] w = parse(weights);
    write(client(w).distribution(PYTHON_MEMCACHED), KEYS);
    assertReadBack(
        KEYS, "", PythonReader.pythonMemcached(fleet().addresses(w)).withoutOr1().read(KEYS));
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"1,1,1", "1,2,3"})
  void oldHashModeKeysAreFoundByPythonMemcachedAfterUseOldServerHashFunction(String weights) {
    int[] w = parse(weights);
    write(client(w).distribution(Distribution.PYTHON_MEMCACHED_OLD_HASH), KEYS);
    assertReadBack(
        KEYS,
        "",
        PythonReader.pythonMemcached(fleet().addresses(w)).withOldServerHashFunction().read(KEYS));
  }

  @Test
  void keysWrittenWithAKeyPrefixAreFoundByGetMultiWithTheSameKeyPrefix() {
    write(client(1, 2, 3).distribution(PYTHON_MEMCACHED_LEGACY).keyPrefix("app:"), SHORT_KEYS);
    assertReadBack(
        SHORT_KEYS,
        "app:",
        PythonReader.pythonMemcached(fleet().addresses(1, 2, 3))
            .withKeyPrefix("app:")
            .read(SHORT_KEYS));
  }

  private static int[] parse(String weights) {
    return Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
