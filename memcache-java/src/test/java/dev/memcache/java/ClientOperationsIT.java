package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.CasValue;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.ValueTooLargeException;
import dev.memcache.core.ValueTypeException;
import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.Workers;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation of the blocking client against a real memcached, with its edge cases. */
class ClientOperationsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  MemcacheClient client;

  @BeforeEach
  void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).build();
    client.flushAll();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void getOfAMissingKeyIsNull() {
    assertNull(client.get("missing"));
    assertNull(client.gets("missing"));
    assertNull(client.getAndTouch("missing", Duration.ofSeconds(10)));
  }

  @Test
  void valuesComeBackAsTheirOwnTypes() {
    client.set("bytes", new byte[] {0, 1, (byte) 0xff});
    client.set("text", "héllo wörld ✓");
    client.set("int", 42);
    client.set("long", Long.MAX_VALUE);
    client.set("big", new BigInteger("18446744073709551621"));
    client.set("empty", "");
    assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, client.get("bytes", byte[].class));
    assertEquals("héllo wörld ✓", client.get("text", String.class));
    assertEquals(42L, client.get("int"));
    assertEquals(Long.MAX_VALUE, client.get("long"));
    assertEquals(new BigInteger("18446744073709551621"), client.get("big"));
    assertEquals("", client.get("empty"));
    assertThrows(ValueTypeException.class, () -> client.get("text", Long.class));
  }

  @Test
  void addStoresOnlyWhenAbsent() {
    assertTrue(client.add("k", "first", Duration.ZERO));
    assertFalse(client.add("k", "second", Duration.ZERO));
    assertEquals("first", client.get("k"));
  }

  @Test
  void replaceAppendAndPrependNeedAnExistingKey() {
    assertFalse(client.replace("k", "v", Duration.ZERO));
    assertFalse(client.append("k", "v"));
    assertFalse(client.prepend("k", "v"));
    assertNull(client.get("k"));
    client.set("k", "middle");
    assertTrue(client.replace("k", "b", Duration.ZERO));
    assertTrue(client.append("k", "c"));
    assertTrue(client.prepend("k", "a"));
    assertEquals("abc", client.get("k"));
  }

  @Test
  void casSucceedsOnceThenConflicts() {
    client.set("k", "v1");
    CasValue<Object> seen = client.gets("k");
    assertEquals("v1", seen.value());
    assertTrue(client.cas("k", "v2", seen.cas(), Duration.ZERO));
    assertFalse(client.cas("k", "v3", seen.cas(), Duration.ZERO), "stale cas id must lose");
    assertEquals("v2", client.get("k"));
    assertNotEquals(seen.cas(), client.gets("k").cas());
    assertFalse(client.cas("absent", "v", seen.cas(), Duration.ZERO));
  }

  @Test
  void deleteReportsWhetherTheKeyExisted() {
    client.set("k", "v");
    assertTrue(client.delete("k"));
    assertFalse(client.delete("k"));
    assertNull(client.get("k"));
  }

  @Test
  void countersAreUnsigned64Bit() {
    assertNull(client.incr("c", 1), "incr of a missing key");
    assertNull(client.decr("c", 1), "decr of a missing key");
    client.set("c", 10);
    assertEquals(15L, client.incr("c", 5));
    assertEquals(0L, client.decr("c", 100), "decr stops at zero");
    client.set("c", "18446744073709551615"); // 2^64 - 1
    assertEquals(1L, client.incr("c", 2), "incr wraps at 2^64");
    client.set("c", 0);
    assertThrows(
        IllegalArgumentException.class,
        () -> client.incr("c", -1L),
        "a negative delta would be read as 2^64 - 1: refused before sending");
    assertEquals(0L, client.get("c", Long.class), "the counter is untouched");
  }

  @Test
  void incrOfANonNumericValueIsAClientError() {
    client.set("text", "abc");
    MemcacheClientException e =
        assertThrows(MemcacheClientException.class, () -> client.incr("text", 1));
    assertTrue(e.getMessage().contains("non-numeric"), e.getMessage());
    assertTrue(e.getMessage().contains(memcached.address()), "names the server: " + e.getMessage());
    assertEquals("abc", client.get("text"), "connection still in service");
  }

  @Test
  void shortTtlExpires() throws InterruptedException {
    client.set("k", "v", Duration.ofSeconds(1));
    client.set("fraction", "v", Duration.ofMillis(10)); // rounds up to 1 s, never to "no expiry"
    assertEquals("v", client.get("k"));
    Thread.sleep(2100);
    assertNull(client.get("k"));
    assertNull(client.get("fraction"));
  }

  @Test
  void touchAndGetAndTouchSetANewTtl() throws InterruptedException {
    client.set("a", "v", Duration.ofSeconds(1));
    client.set("b", "v", Duration.ofSeconds(1));
    assertTrue(client.touch("a", Duration.ofSeconds(30)));
    assertEquals("v", client.getAndTouch("b", Duration.ofSeconds(30)));
    CasValue<Object> c = client.getsAndTouch("b", Duration.ofSeconds(30));
    assertEquals("v", c.value());
    assertFalse(client.touch("missing", Duration.ofSeconds(30)));
    Thread.sleep(2100);
    assertEquals("v", client.get("a"));
    assertEquals("v", client.get("b"));
  }

  @Test
  void ttlOverThirtyDaysIsSentAsAbsoluteTime() {
    client.set("k", "v", Duration.ofDays(60));
    assertEquals(
        "v", client.get("k"), "a relative 60-day TTL sent as-is would be a past Unix time");
    // memcached reports the remaining TTL through the meta protocol's 't' flag; 60 days, not
    // 'expired'.
    String ttl = RawText.roundTrip(memcached.server(), "mg k t\r\n");
    long seconds = Long.parseLong(ttl.replaceAll(".*t(\\d+).*", "$1").strip());
    assertTrue(Math.abs(seconds - Duration.ofDays(60).toSeconds()) < 60, "remaining ttl " + ttl);
    assertThrows(
        IllegalArgumentException.class, () -> client.set("k", "v", Duration.ofSeconds(-1)));
  }

  @Test
  void valuesAtTheItemLimitFitAndLargerOnesFailClearly() {
    int limit = 1024 * 1024;
    byte[] fits = new byte[limit - 512];
    fits[fits.length - 1] = 7;
    assertTrue(client.set("big", fits));
    assertArrayEquals(fits, client.get("big", byte[].class));
    // At exactly -I the item's own header no longer fits: the server refuses, the connection stays.
    assertThrows(MemcacheServerException.class, () -> client.set("edge", new byte[limit]));
    ValueTooLargeException e =
        assertThrows(ValueTooLargeException.class, () -> client.set("over", new byte[limit + 1]));
    assertTrue(e.getMessage().contains("over"), e.getMessage());
    assertEquals(7, client.get("big", byte[].class)[fits.length - 1]);
  }

  @Test
  void getMultiReturnsHitsOnlyAndToleratesDuplicates() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      keys.add("key" + i);
      if (i % 2 == 0) client.set("key" + i, "value" + i);
    }
    keys.add("key0");
    Map<String, Object> found = client.getMulti(keys);
    assertEquals(125, found.size());
    found.forEach((k, v) -> assertEquals("value" + k.substring(3), v));
    assertTrue(client.getMulti(List.of()).isEmpty());
  }

  @Test
  void updateRetriesUntilItWins() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Workers workers = new Workers();
    for (int i = 0; i < 20; i++) {
      workers.start(
          () ->
              client.update(
                  "counter",
                  Duration.ZERO,
                  (Long v) -> {
                    calls.incrementAndGet();
                    return v == null ? 1L : v + 1;
                  }));
    }
    workers.joinAll(Duration.ofSeconds(30));
    assertEquals(20L, client.get("counter"));
    assertTrue(calls.get() >= 20);
  }

  @Test
  void flushAllEmptiesTheCacheNowOrLater() throws InterruptedException {
    client.set("k", "v");
    client.flushAll();
    assertNull(client.get("k"));
    client.set("k", "v");
    client.flushAll(
        Duration.ofSeconds(2)); // memcached's clock ticks in seconds: 1 s can mean "now"
    assertEquals("v", client.get("k"));
    Thread.sleep(2600);
    assertNull(client.get("k"));
  }

  @Test
  void statsVersionAndVerbosityReportPerServer() {
    Map<String, String> general = client.stats().get(memcached.address());
    assertEquals(Long.toString(memcached.server().pid()), general.get("pid"));
    assertEquals("1048576", client.stats("settings").get(memcached.address()).get("item_size_max"));
    assertNotNull(client.stats("slabs").get(memcached.address()));
    client.set("k", "v");
    assertTrue(
        client.stats("items").get(memcached.address()).keySet().stream()
            .anyMatch(s -> s.startsWith("items:")));
    assertTrue(client.version().get(memcached.address()).matches("1\\.\\d+\\.\\d+.*"));
    client.verbosity(1);
    client.verbosity(0);
    assertThrows(IllegalArgumentException.class, () -> client.stats("bad group"));
  }

  @Test
  void noReplyWritesLandWithoutAwaitingReplies() {
    client.noReply().set("k", "v", Duration.ZERO);
    client.noReply().append("k", "w");
    client.noReply().set("n", 1, Duration.ZERO);
    client.noReply().incr("n", 4);
    client.noReply().add("k", "ignored", Duration.ZERO);
    assertEquals(
        "vw",
        client.get("k"),
        "a later reply-bearing request proves the earlier ones were applied in order");
    assertEquals(5L, client.get("n"));
    client.noReply().delete("k");
    assertNull(client.get("k"));
  }

  @Test
  void keyPrefixNamespacesEveryKey() {
    try (MemcacheClient prefixed =
        MemcacheClient.create(client.config().toBuilder().keyPrefix("app1:").buildConfig())) {
      prefixed.set("user", "alice");
      assertEquals("alice", client.get("app1:user"));
      assertEquals(Map.of("user", "alice"), prefixed.getMulti(List.of("user")));
      assertThrows(IllegalArgumentException.class, () -> prefixed.get("x".repeat(246)));
    }
  }

  @Test
  void asyncClientOffersTheSameOperations() {
    MemcacheAsyncClient async = client.async();
    assertTrue(async.set("k", "v", Duration.ZERO).join());
    assertEquals("v", async.get("k", String.class).join());
    assertEquals(Map.of("k", "v"), async.getMulti(List.of("k", "x")).join());
    assertEquals(3L, async.update("n", Duration.ZERO, (Long v) -> v == null ? 3L : v + 1).join());
    assertTrue(async.delete("k").join());
    assertNull(async.get("k").join());
    assertTrue(async.get("bad key").isCompletedExceptionally());
  }
}
