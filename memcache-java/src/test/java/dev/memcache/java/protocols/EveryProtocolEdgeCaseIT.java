package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.Protocol;
import dev.memcache.core.ValueTooLargeException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TTLs, size limits, key rules and the server-wide commands, over text, binary and meta. */
class EveryProtocolEdgeCaseIT extends EveryProtocol {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void shortTtlsExpireWhetherSetTouchedOrGatted(Protocol p) throws InterruptedException {
    MemcacheClient c = client(p);
    String set = key(p, "ttl-set"), touched = key(p, "ttl-touch"), gatted = key(p, "ttl-gat");
    c.set(set, "x", Duration.ofSeconds(1));
    c.set(touched, "x");
    c.set(gatted, "x");
    assertTrue(c.touch(touched, Duration.ofSeconds(1)));
    assertEquals(
        "x",
        c.getAndTouch(gatted, Duration.ofMillis(200))); // rounds up to 1 s, never to "no expiry"
    Thread.sleep(2500); // memcached's clock ticks once a second
    assertNull(c.get(set));
    assertNull(c.get(touched));
    assertNull(c.get(gatted));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void ttlsOverThirtyDaysAreSentAsAbsoluteTimes(Protocol p) {
    MemcacheClient c = client(p);
    String month = key(p, "31d"), century = key(p, "100y");
    assertTrue(c.set(month, "kept", Duration.ofDays(31)));
    assertTrue(c.set(century, "kept", Duration.ofDays(365L * 100))); // clamps at 2^31-1
    assertEquals("kept", c.get(month));
    assertEquals("kept", c.get(century));
    assertTrue(c.touch(month, Duration.ofDays(45)));
    assertEquals("kept", c.get(month));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void valuesAtTheServerItemLimitFailAsServerErrorsAndTheConnectionStays(Protocol p) {
    try (MemcacheClient c =
        MemcacheClient.builder()
            .servers(memcached.address())
            .protocol(p)
            .maxValueSize(2 << 20)
            .build()) {
      String k = key(p, "limit"), other = key(p, "limit");
      byte[] fits = new byte[1_000_000];
      fits[999_999] = 7;
      assertTrue(c.set(k, fits));
      assertTrue(c.set(other, fits));
      assertArrayEquals(fits, (byte[]) c.get(k));
      assertThrows(
          MemcacheServerException.class,
          () -> c.set(k, new byte[1 << 20]),
          "exactly -I 1m, plus item overhead");
      assertNull(c.get(k), "memcached drops the old value when a set fails");
      assertThrows(
          MemcacheServerException.class,
          () -> c.add(key(p, "limit"), new byte[(1 << 20) + 100_000], Duration.ZERO));
      assertArrayEquals(fits, (byte[]) c.get(other), "the connection is still in step");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void valuesOverTheClientLimitAndBadKeysAreRejectedBeforeSending(Protocol p) {
    // Nothing listens on port 1: any byte sent would fail with a connection error instead.
    try (MemcacheClient c = MemcacheClient.builder().servers("127.0.0.1:1").protocol(p).build()) {
      assertThrows(ValueTooLargeException.class, () -> c.set("k", new byte[(1 << 20) + 1]));
      assertThrows(InvalidKeyException.class, () -> c.get(""));
      assertThrows(InvalidKeyException.class, () -> c.get(null));
      assertThrows(InvalidKeyException.class, () -> c.get("k".repeat(251)));
      assertThrows(
          InvalidKeyException.class, () -> c.set("é".repeat(126), "x"), "252 bytes in UTF-8");
      assertThrows(InvalidKeyException.class, () -> c.getMulti(List.of("ok", "")));
      if (p == Protocol.TEXT) { // binary and meta (base64) carry these keys safely
        assertThrows(InvalidKeyException.class, () -> c.get("foo\r\nflush_all"));
        assertThrows(InvalidKeyException.class, () -> c.delete("a b"));
        assertThrows(InvalidKeyException.class, () -> c.get("tab\tkey"));
      }
      if (p == Protocol.META) {
        assertThrows(
            InvalidKeyException.class,
            () -> c.get(" ".repeat(187)),
            "base64 keys hold at most 186 bytes");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Protocol.class,
      names = {"BINARY", "META"})
  void binaryAndMetaKeysMayHoldAnyBytesWithoutInjection(Protocol p) {
    MemcacheClient c = client(p);
    String plain = key(p, "inj"),
        injected = plain + "\r\nflush_all",
        spaced = key(p, "a b\tc\u0001");
    String longest = "k".repeat(250 - 1) + "\u007f";
    assertTrue(c.set(plain, "safe"));
    assertTrue(c.set(injected, "other"));
    assertTrue(c.set(spaced, "spaced"));
    assertEquals("safe", c.get(plain), "no flush_all was injected");
    assertEquals("other", c.get(injected));
    assertEquals(Map.of(spaced, "spaced", plain, "safe"), c.getMulti(List.of(spaced, plain)));
    if (p == Protocol.BINARY) {
      assertTrue(c.set(longest, "250 bytes"));
      assertEquals("250 bytes", c.get(longest));
    }
    try (MemcacheClient text = MemcacheClient.builder().servers(memcached.address()).build()) {
      assertEquals("safe", text.get(plain), "the same item for every protocol");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void flushAllNowAndWithADelay(Protocol p) throws InterruptedException {
    try (MemcachedServer own = MemcachedServer.startDefault();
        MemcacheClient c = MemcacheClient.builder().servers(own.address()).protocol(p).build()) {
      c.set("a", "1");
      c.flushAll();
      assertNull(c.get("a"));
      c.set("b", "2");
      c.flushAll(Duration.ofSeconds(2));
      assertEquals("2", c.get("b"), "not yet flushed");
      Thread.sleep(3100);
      assertNull(c.get("b"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void statsGroupsVersionAndVerbosity(Protocol p) {
    MemcacheClient c = client(p);
    c.set(key(p, "stats"), "x");
    String server = memcached.address();
    assertTrue(c.stats().get(server).containsKey("pid"));
    assertEquals("1048576", c.stats("settings").get(server).get("item_size_max"));
    assertFalse(c.stats("items").get(server).isEmpty());
    assertFalse(c.stats("slabs").get(server).isEmpty());
    assertTrue(c.version().get(server).matches("\\d+\\.\\d+\\.\\d+.*"), c.version().toString());
    assertThrows(IllegalArgumentException.class, () -> c.stats("items\r\nflush_all"));
    if (p == Protocol.BINARY) {
      // memcached answers binary verbosity "unknown command" and then misreads the connection:
      // never sent.
      assertThrows(UnsupportedOperationException.class, () -> c.verbosity(1));
    } else {
      c.verbosity(1);
      c.verbosity(0);
    }
    assertNotNull(c.stats().get(server), "still in step after every command");
  }
}
