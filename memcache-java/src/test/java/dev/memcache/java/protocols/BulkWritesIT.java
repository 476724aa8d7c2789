package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.Protocol;
import dev.memcache.core.ValueTooLargeException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.internal.RealMemcacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code setMulti} and {@code deleteMulti} against one real memcached, over every protocol. */
class BulkWritesIT extends EveryProtocol {

  /** More keys than one multi-get request holds, values of every kind. */
  private static Map<String, Object> values(Protocol p, String name, int n) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = key(p, name);
      values.put(
          k,
          switch (i % 4) {
            case 0 -> "text " + i;
            case 1 -> (long) i;
            case 2 -> new byte[] {(byte) i, 1, 2};
            default -> List.of("item", "x" + i);
          });
    }
    return values;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void setMultiStoresEveryValueAndReportsEachKeyInOrder(Protocol p) {
    MemcacheClient c = client(p);
    Map<String, Object> values = values(p, "set", 300);
    Map<String, Boolean> stored = c.setMulti(values, Duration.ofMinutes(5));
    assertEquals(new ArrayList<>(values.keySet()), new ArrayList<>(stored.keySet()));
    assertTrue(stored.values().stream().allMatch(b -> b), stored.toString());
    Map<String, Object> read = c.getMulti(values.keySet());
    assertEquals(values.size(), read.size());
    values.forEach(
        (k, v) -> {
          if (v instanceof byte[] b) assertArrayEquals(b, (byte[]) read.get(k), k);
          else assertEquals(v, read.get(k), k);
        });
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void setMultiIsPipelinedNotOneWritePerKey(Protocol p) {
    try (MemcacheClient c =
        MemcacheClient.builder().servers(memcached.address()).protocol(p).build()) {
      c.setMulti(values(p, "pipe", 256), Duration.ZERO);
      double perWrite = ((RealMemcacheClient) c).cluster().requestsPerWrite();
      assertTrue(perWrite > 50, "requests per write call: " + perWrite);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void bulkWritesBiggerThanTheInFlightBoundWaitForSlotsAndAllLand(Protocol p) {
    try (MemcacheClient c =
        MemcacheClient.builder().servers(memcached.address()).protocol(p).maxInFlight(16).build()) {
      Map<String, Object> values = values(p, "bounded", 500);
      Map<String, Boolean> stored = c.setMulti(values, Duration.ZERO);
      assertEquals(500, stored.size());
      assertTrue(stored.values().stream().allMatch(b -> b));
      Map<String, Object> quiet = values(p, "bounded-quiet", 500);
      c.noReply().setMulti(quiet, Duration.ZERO);
      assertEquals(500, c.getMulti(quiet.keySet()).size());
      assertTrue(c.deleteMulti(values.keySet()).values().stream().allMatch(b -> b));
      assertEquals(Map.of(), c.getMulti(values.keySet()));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void deleteMultiReportsDeletedAndAbsentKeys(Protocol p) {
    MemcacheClient c = client(p);
    Map<String, Object> values = values(p, "del", 150);
    c.setMulti(values, Duration.ZERO);
    List<String> keys = new ArrayList<>(values.keySet());
    String absent = key(p, "never-set");
    keys.add(absent);
    keys.add(keys.get(0)); // named twice: deleted once
    Map<String, Boolean> deleted = c.deleteMulti(keys);
    assertEquals(151, deleted.size());
    assertFalse(deleted.get(absent));
    values.keySet().forEach(k -> assertTrue(deleted.get(k), k));
    assertEquals(Map.of(), c.getMulti(values.keySet()));
    assertEquals(Map.of(absent, false), c.deleteMulti(List.of(absent)));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void emptyInputsSendNothingAndReturnEmptyMaps(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    assertEquals(Map.of(), c.setMulti(Map.of(), Duration.ZERO));
    assertEquals(Map.of(), c.deleteMulti(List.of()));
    assertEquals(Map.of(), c.async().setMulti(Map.of(), Duration.ZERO).get());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void badInputFailsTheWholeCallBeforeAnythingIsSent(Protocol p) {
    MemcacheClient c = client(p);
    Map<String, Object> good = values(p, "bad", 20);
    List<String> goodKeys = new ArrayList<>(good.keySet());

    Map<String, Object> nullKey = new HashMap<>(good);
    nullKey.put(null, "v");
    assertThrows(InvalidKeyException.class, () -> c.setMulti(nullKey, Duration.ZERO));

    Map<String, Object> longKey = new LinkedHashMap<>(good);
    longKey.put("k".repeat(251), "v");
    assertThrows(InvalidKeyException.class, () -> c.setMulti(longKey, Duration.ZERO));

    Map<String, Object> tooBig = new LinkedHashMap<>(good);
    tooBig.put(key(p, "big"), new byte[c.config().maxValueSize() + 1]);
    assertThrows(ValueTooLargeException.class, () -> c.setMulti(tooBig, Duration.ZERO));

    assertThrows(IllegalArgumentException.class, () -> c.setMulti(good, Duration.ofSeconds(-1)));
    assertThrows(NullPointerException.class, () -> c.setMulti(null, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> c.noReply().setMulti(longKey, Duration.ZERO),
        "noreply too");
    assertTrue(c.async().setMulti(tooBig, Duration.ZERO).isCompletedExceptionally());
    assertEquals(Map.of(), c.getMulti(goodKeys), "no key of a refused call was stored");

    c.setMulti(good, Duration.ZERO);
    List<String> withBad = new ArrayList<>(goodKeys);
    withBad.add(null);
    assertThrows(InvalidKeyException.class, () -> c.deleteMulti(withBad));
    assertEquals(good.size(), c.getMulti(goodKeys).size(), "no key of a refused call was deleted");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noReplyBulkWritesAreSeenByTheNextRead(Protocol p) {
    MemcacheClient c = client(p);
    Map<String, Object> values = values(p, "quiet", 200);
    c.noReply().setMulti(values, Duration.ZERO);
    assertEquals(values.size(), c.getMulti(values.keySet()).size());
    c.noReply().deleteMulti(values.keySet());
    assertEquals(Map.of(), c.getMulti(values.keySet()));
    String after = key(p, "after");
    assertTrue(c.set(after, "in step"));
    assertEquals("in step", c.get(after), "the connection is still in step");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void futureBulkWritesReportLikeTheBlockingOnes(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    Map<String, Object> values = values(p, "async", 120);
    Map<String, Boolean> stored = c.async().setMulti(values, Duration.ZERO).get();
    assertEquals(values.size(), stored.size());
    assertTrue(stored.values().stream().allMatch(b -> b));
    Map<String, Boolean> deleted = c.async().deleteMulti(values.keySet()).get();
    assertTrue(deleted.values().stream().allMatch(b -> b));
    assertEquals(Map.of(), c.getMulti(values.keySet()));
  }
}
