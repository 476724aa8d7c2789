package dev.memcache.java.routing;

import static dev.memcache.core.Distribution.PYMEMCACHE_RENDEZVOUS;

import dev.memcache.testkit.DebianPython;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JVM client writes with rendezvous hashing; pymemcache's HashClient (Debian's) reads every
 * key.
 */
class ClientWritesPymemcacheReadsIT extends JvmWritesThreeServers {

  @BeforeAll
  static void requirePymemcache() {
    DebianPython.requireModules("pymemcache.client.hash");
  }

  @Test
  void rendezvousKeysAreFoundByHashClientWhereItLooks() {
    write(client().distribution(PYMEMCACHE_RENDEZVOUS), KEYS);
    assertReadBack(KEYS, "", PythonReader.pymemcache(fleet().addresses()).read(KEYS));
  }

  @Test
  void theDefaultDistributionIsHashClients() {
    write(client(), KEYS);
    assertReadBack(KEYS, "", PythonReader.pymemcache(fleet().addresses()).read(KEYS));
  }

  @Test
  void keysWrittenWithAKeyPrefixAreFoundByHashClientWithTheSameKeyPrefix() {
    // HashClient routes on the key without its prefix, and so does the JVM client here
    write(client().keyPrefix("app:"), SHORT_KEYS);
    assertReadBack(
        SHORT_KEYS,
        "app:",
        PythonReader.pymemcache(fleet().addresses()).withKeyPrefix("app:").read(SHORT_KEYS));
  }
}
