package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.CasValue;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every read and write of the core API, with its outcomes, over text, binary and meta against a real memcached. */
class EveryProtocolBehaviourTest extends EveryProtocol {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void getOfAMissingKeyReturnsNull(Protocol p) {
    assertNull(client(p).get(key(p, "missing")));
    assertNull(client(p).gets(key(p, "missing")));
    assertNull(client(p).getAndTouch(key(p, "missing"), Duration.ofMinutes(1)));
    assertNull(client(p).getsAndTouch(key(p, "missing"), Duration.ofMinutes(1)));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void valuesOfEveryKindRoundTrip(Protocol p) {
    MemcacheClient c = client(p);
    Map<String, Object> values = Map.of(key(p, "s"), "héllo wörld", key(p, "b"), new byte[] {0, 1, 13, 10, -1},
        key(p, "l"), 1234567890123L, key(p, "e"), "", key(p, "big"), "x".repeat(300_000));
    values.forEach((k, v) -> assertTrue(c.set(k, v, Duration.ofMinutes(5))));
    values.forEach((k, v) -> {
      if (v instanceof byte[] bytes) assertArrayEquals(bytes, (byte[]) c.get(k));
      else assertEquals(v, c.get(k));
    });
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void casSucceedsOnlyWithTheCurrentCasId(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "cas");
    assertFalse(c.cas(k, "x", 12345, Duration.ZERO), "cas on a missing key");
    c.set(k, "v1");
    CasValue<Object> first = c.gets(k);
    assertEquals("v1", first.value());
    assertTrue(c.cas(k, "v2", first.cas(), Duration.ZERO));
    assertFalse(c.cas(k, "v3", first.cas(), Duration.ZERO), "a stale cas id is a conflict");
    CasValue<Object> second = c.getsAndTouch(k, Duration.ofMinutes(1));
    assertEquals("v2", second.value());
    assertNotEquals(first.cas(), second.cas());
    assertEquals("v2", c.getAndTouch(k, Duration.ofMinutes(2)));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void addReplaceAppendAndPrependReportWhetherTheyStored(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "arap");
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

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void deleteAndTouchReportWhetherTheKeyExisted(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "del");
    assertFalse(c.delete(k));
    assertFalse(c.touch(k, Duration.ofMinutes(1)));
    c.set(k, "x");
    assertTrue(c.touch(k, Duration.ofMinutes(1)));
    assertTrue(c.delete(k));
    assertNull(c.get(k));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void countersAreUnsignedDecrStopsAtZeroAndIncrWraps(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "n");
    assertNull(c.incr(k, 1), "incr on a missing key");
    assertNull(c.decr(k, 1), "decr on a missing key");
    c.set(k, 10L);
    assertEquals(15L, c.incr(k, 5));
    assertEquals(0L, c.decr(k, 20), "decr floors at 0");
    c.set(k, "18446744073709551615");
    assertEquals(0L, c.incr(k, 1), "incr wraps at 2^64");
    assertEquals(-1L, c.incr(k, -1L), "a negative delta is an unsigned 2^64-1");
    assertEquals("18446744073709551615", Long.toUnsignedString(c.decr(k, 0)));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void incrOfANonNumericValueIsAClientErrorAndTheConnectionStays(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "nan");
    c.set(k, "abc");
    MemcacheClientException e = assertThrows(MemcacheClientException.class, () -> c.incr(k, 1));
    assertTrue(e.getMessage().contains(k), e.getMessage());
    assertEquals("abc", c.get(k));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void multiGetReturnsHitsOnlyAcrossManyRequests(Protocol p) {
    MemcacheClient c = client(p);
    List<String> keys = new ArrayList<>();
    Map<String, Object> expected = new HashMap<>();
    for (int i = 0; i < 250; i++) { // more than one request's worth of keys
      String k = key(p, "multi");
      keys.add(k);
      if (i % 3 != 0) {
        c.set(k, "v" + i);
        expected.put(k, "v" + i);
      }
    }
    assertEquals(expected, c.getMulti(keys));
    assertEquals(Map.of(), c.getMulti(List.of(key(p, "none1"), key(p, "none2"))));
    assertEquals(Map.of(), c.getMulti(List.of()));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noreplyWritesApplyAndTheirFailuresDoNotDesynchronise(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "nr"), n = key(p, "nrn");
    c.noReply().set(k, "one", Duration.ZERO);
    c.noReply().add(k, "refused", Duration.ZERO); // fails on the server; binary and meta read the failure and drop it
    c.noReply().replace(key(p, "nr-missing"), "refused", Duration.ZERO);
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

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void updateAndAsyncCallsWorkOnEveryProtocol(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    String k = key(p, "upd");
    assertEquals(1L, c.<Long>update(k, Duration.ZERO, v -> v == null ? 1L : v + 1));
    assertEquals(2L, c.<Long>update(k, Duration.ZERO, v -> v == null ? 1L : v + 1));
    assertEquals(2L, c.async().get(k).get());
    assertTrue(c.async().set(k, "async").get());
    assertEquals(Map.of(k, "async"), c.async().getMulti(List.of(k)).get());
  }
}
