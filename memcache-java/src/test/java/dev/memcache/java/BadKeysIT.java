package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys the server would misread are refused before a byte is written. */
class BadKeysIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  static final List<String> BAD =
      List.of(
          "",
          "k".repeat(251),
          "two words",
          "foo\r\nflush_all",
          "tab\tkey",
          "nul\0key",
          "del\u007fkey",
          "new\nline",
          "\u00e9".repeat(126));

  /** Counters that move when the server receives a command of any kind. */
  static long commandsSeen(MemcacheClient client) {
    Map<String, String> s = client.stats().get(memcached.address());
    return List.of(
            "cmd_get",
            "cmd_set",
            "cmd_flush",
            "cmd_touch",
            "delete_misses",
            "delete_hits",
            "incr_misses",
            "incr_hits",
            "decr_misses",
            "decr_hits")
        .stream()
        .mapToLong(n -> Long.parseLong(s.get(n)))
        .sum();
  }

  @Test
  void badKeysAreRejectedBeforeAnythingIsSentAndNeighboursAreUnaffected() {
    try (MemcacheClient client = MemcacheClient.builder().servers(memcached.address()).build()) {
      client.set("neighbour", "safe");
      long before = commandsSeen(client);
      List<Consumer<String>> operations =
          List.of(
              k -> client.get(k),
              k -> client.set(k, "v"),
              k -> client.add(k, "v", Duration.ZERO),
              k -> client.delete(k),
              k -> client.incr(k, 1),
              k -> client.touch(k, Duration.ofSeconds(1)),
              k -> client.gets(k),
              k -> client.getMulti(List.of("neighbour", k)),
              k -> client.noReply().set(k, "v", Duration.ZERO),
              k -> client.cas(k, "v", 1, Duration.ZERO));
      for (String key : BAD) {
        for (Consumer<String> op : operations) {
          InvalidKeyException e =
              assertThrows(InvalidKeyException.class, () -> op.accept(key), "key " + key);
          assertTrue(e.getMessage().contains("key"), e.getMessage());
        }
      }
      assertEquals(before, commandsSeen(client), "no command reached the server");
      assertEquals("safe", client.get("neighbour"));
      assertThrows(InvalidKeyException.class, () -> client.get(null));
    }
  }

  @Test
  void messagesNameTheKeyAndTheRuleWithoutEchoingControlCharacters() {
    try (MemcacheClient client = MemcacheClient.builder().servers(memcached.address()).build()) {
      String m =
          assertThrows(InvalidKeyException.class, () -> client.get("foo\r\nflush_all"))
              .getMessage();
      assertTrue(m.contains("'foo\\x0d\\x0aflush_all'") && m.contains("control character"), m);
      m = assertThrows(InvalidKeyException.class, () -> client.get("k".repeat(251))).getMessage();
      assertTrue(m.contains("251 bytes") && m.contains("250"), m);
      m = assertThrows(InvalidKeyException.class, () -> client.get("a b")).getMessage();
      assertTrue(m.contains("space"), m);
    }
  }

  @Test
  void longestAndNonAsciiKeysThatFitAreAccepted() {
    try (MemcacheClient client = MemcacheClient.builder().servers(memcached.address()).build()) {
      String longest = "k".repeat(250);
      String unicode = "clé:ключ:鍵:" + "\u00e9".repeat(100);
      client.set(longest, "a");
      client.set(unicode, "b");
      assertEquals("a", client.get(longest));
      assertEquals("b", client.get(unicode));
      assertEquals(Map.of(unicode, "b"), client.getMulti(List.of(unicode)));
    }
  }
}
