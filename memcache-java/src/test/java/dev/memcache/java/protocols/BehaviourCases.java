package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.CasValue;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The behaviour suite: every read and write of the core API with its outcomes, against whatever the
 * client talks to (a memcached over each protocol, or a proxy in front of several). The
 * get-and-touch cases are apart because twemproxy has no {@code gat}.
 */
public final class BehaviourCases {
  private final MemcacheClient c;
  private final Function<String, String> key;

  /** Cases for {@code client}; {@code key} turns a name into a key no other case uses. */
  public BehaviourCases(MemcacheClient client, Function<String, String> key) {
    this.c = client;
    this.key = key;
  }

  public void getOfAMissingKeyReturnsNull() {
    assertNull(c.get(key.apply("missing")));
    assertNull(c.gets(key.apply("missing")));
  }

  public void getAndTouchOfAMissingKeyReturnsNull() {
    assertNull(c.getAndTouch(key.apply("missing"), Duration.ofMinutes(1)));
    assertNull(c.getsAndTouch(key.apply("missing"), Duration.ofMinutes(1)));
  }

  public void valuesOfEveryKindRoundTrip() {
    Map<String, Object> values =
        Map.of(
            key.apply("s"),
            "héllo wörld",
            key.apply("b"),
            new byte[] {0, 1, 13, 10, -1},
            key.apply("l"),
            1234567890123L,
            key.apply("e"),
            "",
            key.apply("big"),
            "x".repeat(300_000));
    values.forEach((k, v) -> assertTrue(c.set(k, v, Duration.ofMinutes(5))));
    values.forEach(
        (k, v) -> {
          if (v instanceof byte[] bytes) assertArrayEquals(bytes, (byte[]) c.get(k));
          else assertEquals(v, c.get(k));
        });
  }

  public void casSucceedsOnlyWithTheCurrentCasId() {
    String k = key.apply("cas");
    assertFalse(c.cas(k, "x", 12345, Duration.ZERO), "cas on a missing key");
    c.set(k, "v1");
    CasValue<Object> first = c.gets(k);
    assertEquals("v1", first.value());
    assertTrue(c.cas(k, "v2", first.cas(), Duration.ZERO));
    assertFalse(c.cas(k, "v3", first.cas(), Duration.ZERO), "a stale cas id is a conflict");
    CasValue<Object> second = c.gets(k);
    assertEquals("v2", second.value());
    assertNotEquals(first.cas(), second.cas());
  }

  public void getAndTouchReturnTheValueAndItsCasId() {
    String k = key.apply("gat");
    c.set(k, "v1");
    CasValue<Object> first = c.gets(k);
    CasValue<Object> touched = c.getsAndTouch(k, Duration.ofMinutes(1));
    assertEquals("v1", touched.value());
    assertEquals(first.cas(), touched.cas(), "a touch does not change the cas id");
    assertEquals("v1", c.getAndTouch(k, Duration.ofMinutes(2)));
  }

  public void addReplaceAppendAndPrependReportWhetherTheyStored() {
    String k = key.apply("arap");
    assertFalse(c.replace(k, "r", Duration.ZERO), "replace on a missing key");
    assertFalse(c.append(k, "a"), "append on a missing key");
    assertFalse(c.prepend(k, "p"), "prepend on a missing key");
    assertTrue(c.add(k, "mid", Duration.ZERO));
    assertFalse(c.add(k, "again", Duration.ZERO), "add on an existing key");
    assertTrue(c.append(k, ">"));
    assertTrue(c.prepend(k, "<"));
    assertEquals("<mid>", c.get(k));
    assertTrue(c.replace(k, "new", Duration.ZERO));
    assertEquals("new", c.get(k));
  }

  public void deleteAndTouchReportWhetherTheKeyExisted() {
    String k = key.apply("del");
    assertFalse(c.delete(k));
    assertFalse(c.touch(k, Duration.ofMinutes(1)));
    c.set(k, "x");
    assertTrue(c.touch(k, Duration.ofMinutes(1)));
    assertTrue(c.delete(k));
    assertNull(c.get(k));
  }

  public void countersAreUnsignedDecrStopsAtZeroAndIncrWraps() {
    String k = key.apply("n");
    assertNull(c.incr(k, 1), "incr on a missing key");
    assertNull(c.decr(k, 1), "decr on a missing key");
    c.set(k, 10L);
    assertEquals(15L, c.incr(k, 5));
    assertEquals(0L, c.decr(k, 20), "decr floors at 0");
    c.set(k, "18446744073709551615");
    assertEquals("18446744073709551615", Long.toUnsignedString(c.decr(k, 0)), "read unsigned");
    assertEquals(0L, c.incr(k, 1), "incr wraps at 2^64");
    assertThrows(
        IllegalArgumentException.class,
        () -> c.incr(k, -1L),
        "a negative delta (an unsigned 2^64-1 on the wire) is refused before sending");
    assertEquals(0L, c.decr(k, 0), "untouched");
  }

  public void incrOfANonNumericValueIsAClientErrorAndTheConnectionStays() {
    String k = key.apply("nan");
    c.set(k, "abc");
    MemcacheClientException e = assertThrows(MemcacheClientException.class, () -> c.incr(k, 1));
    assertTrue(e.getMessage().contains(k), e.getMessage());
    assertEquals("abc", c.get(k));
  }

  public void multiGetReturnsHitsOnlyAcrossManyRequests() {
    List<String> keys = new ArrayList<>();
    Map<String, Object> expected = new HashMap<>();
    for (int i = 0; i < 250; i++) { // more than one request's worth of keys
      String k = key.apply("multi");
      keys.add(k);
      if (i % 3 != 0) {
        c.set(k, "v" + i);
        expected.put(k, "v" + i);
      }
    }
    assertEquals(expected, c.getMulti(keys));
    assertEquals(Map.of(), c.getMulti(List.of(key.apply("none1"), key.apply("none2"))));
    assertEquals(Map.of(), c.getMulti(List.of()));
  }

  public void noreplyWritesApplyAndTheirFailuresDoNotDesynchronise() {
    String k = key.apply("nr"), n = key.apply("nrn");
    c.noReply().set(k, "one", Duration.ZERO);
    // Fails on the server; binary and meta read the failure and drop it.
    c.noReply().add(k, "refused", Duration.ZERO);
    c.noReply().replace(key.apply("nr-missing"), "refused", Duration.ZERO);
    c.noReply().append(k, "+");
    c.noReply().prepend(k, "+");
    c.noReply().incr(n, 1);
    c.noReply().touch(k, Duration.ofMinutes(1));
    assertEquals("+one+", c.get(k));
    c.set(n, 5L);
    c.noReply().incr(n, 2);
    c.noReply().decr(n, 1);
    assertEquals(6L, c.get(n));
    c.noReply().delete(k);
    assertNull(c.get(k));
  }

  public void updateAndAsyncCallsWork() throws Exception {
    String k = key.apply("upd");
    assertEquals(1L, c.<Long>update(k, Duration.ZERO, v -> v == null ? 1L : v + 1));
    assertEquals(2L, c.<Long>update(k, Duration.ZERO, v -> v == null ? 1L : v + 1));
    assertEquals(2L, c.async().get(k).get());
    assertTrue(c.async().set(k, "async").get());
    assertEquals(Map.of(k, "async"), c.async().getMulti(List.of(k)).get());
  }
}
