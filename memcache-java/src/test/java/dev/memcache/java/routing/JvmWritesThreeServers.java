package dev.memcache.java.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.TestKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three real memcached servers, emptied before each test. The JVM client writes 2,000 keys, each
 * with its own value; another client reads them back through its own routing; the servers say where
 * each key really is.
 */
abstract class JvmWritesThreeServers {
  static final List<String> KEYS = TestKeys.mixed(2000);

  /** Keys short enough for a key prefix. */
  static final List<String> SHORT_KEYS = TestKeys.shorterThan(KEYS, 240);

  /**
   * What a reader found for one key: the value ({@code null} on a miss) and the server it chose
   * (-1: not told).
   */
  record Readback(String value, int chosen) {}

  /** One reader's findings, key by key; {@code reader} names the client and its version. */
  record Reading(String reader, List<Readback> readbacks) {}

  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);

  static MemcachedFleet fleet() {
    return servers.fleet();
  }

  /** A client for the fleet() with these weights (none: weight 1 each). */
  static MemcacheClient.Builder client(int... weights) {
    return MemcacheClient.builder().servers(fleet().addresses(weights));
  }

  /** The value the JVM writes for the key at {@code index}: no two keys share one. */
  static String valueOf(int index) {
    return "v" + index;
  }

  /**
   * Writes every key with {@link #valueOf} through a client built by {@code builder}, then closes
   * it.
   */
  static void write(MemcacheClient.Builder builder, List<String> keys) {
    try (MemcacheClient client = builder.build()) {
      for (int i = 0; i < keys.size(); i++) {
        assertTrue(
            client.set(keys.get(i), valueOf(i)), "the JVM client could not store " + keys.get(i));
      }
    }
  }

  /**
   * Asserts that the reader found every key with its own value, on the server it chose where it
   * says (otherwise: each key is on exactly one server, so a hit came from there), and that every
   * server holds some keys.
   */
  static void assertReadBack(List<String> keys, String prefix, Reading result) {
    int[] found = fleet().locate(keys.stream().map(k -> prefix + k).toList());
    List<String> wrong = new ArrayList<>();
    int[] perServer = new int[3];
    for (int i = 0; i < keys.size(); i++) {
      Readback r = result.readbacks().get(i);
      String key = keys.get(i);
      if (found[i] < 0) wrong.add(key + ": the JVM stored it nowhere");
      else perServer[found[i]]++;
      if (r.value() == null)
        wrong.add(key + ": missed (on server " + found[i] + ", reader chose " + r.chosen() + ")");
      else if (!r.value().equals(valueOf(i)))
        wrong.add(key + ": read " + r.value() + ", expected " + valueOf(i));
      if (r.chosen() >= 0 && r.chosen() != found[i])
        wrong.add(key + ": on server " + found[i] + ", reader chose " + r.chosen());
    }
    if (!wrong.isEmpty()) {
      fail(
          wrong.size()
              + " of "
              + keys.size()
              + " keys written by the JVM were not read back by "
              + result.reader()
              + "; first: "
              + String.join("; ", wrong.subList(0, Math.min(10, wrong.size()))));
    }
    for (int s = 0; s < perServer.length; s++) {
      if (perServer[s] == 0) fail("server " + s + " got no key: the test would prove little");
    }
  }
}
