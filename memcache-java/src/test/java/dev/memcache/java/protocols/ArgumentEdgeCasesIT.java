package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Durations at and past their limits, and negative counter amounts, against a real memcached. */
class ArgumentEdgeCasesIT extends EveryProtocol {
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void flushDelaysOverThirtyDaysAreAcceptedAsFutureTimesAndFlushNothingNow(Protocol p) {
    try (MemcachedServer own = MemcachedServer.startDefault();
        MemcacheClient c = MemcacheClient.builder().servers(own.address()).protocol(p).build()) {
      assertTrue(c.set("a", "1"));
      assertTrue(c.flushAll(Duration.ofDays(31)), "31 days: an absolute time, accepted");
      assertTrue(c.flushAll(Duration.ofDays(365 * 100)), "100 years: clamped at 2^31-1");
      assertTrue(c.flushAll(LONGEST), "the longest Duration: clamped too");
      assertEquals("1", c.get("a"), "none of them flushes now");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.flushAll(Duration.ofSeconds(-1)));
      assertEquals("flush delay must not be negative, was PT-1S", e.getMessage());
      c.flushAll();
      assertEquals(null, c.get("a"), "a flush now still works after the future ones");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theLongestDurationAsATtlIsClampedAtTheServersLimitNotRefusedAsNegative(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "longest-ttl");
    assertTrue(c.set(k, "kept", LONGEST));
    assertEquals("kept", c.get(k));
    assertTrue(c.touch(k, LONGEST));
    assertEquals("kept", c.getAndTouch(k, LONGEST));
    assertTrue(c.set(k, "nearly", Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals("nearly", c.get(k));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.set(k, "x", Duration.ofMillis(-1)));
    assertEquals("TTL must not be negative, was PT-0.001S", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void negativeCounterAmountsAreRefusedBeforeSendingInEveryFacade(Protocol p)
      throws InterruptedException {
    MemcacheClient c = client(p);
    String k = key(p, "counter");
    assertTrue(c.set(k, "10"));
    refused(() -> c.incr(k, -1));
    refused(() -> c.decr(k, -1));
    refused(() -> c.decr(k, Long.MIN_VALUE));
    refused(() -> c.noReply().incr(k, -1));
    refused(() -> c.noReply().decr(k, -1));
    for (var future : java.util.List.of(c.async().incr(k, -1), c.async().decr(k, -5))) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
    if (p == Protocol.META) {
      refused(() -> c.meta().incr(k, -1, 0, Duration.ZERO));
      refused(() -> c.meta().decr(k, -1, 0, Duration.ZERO));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> c.meta().incr(k, 1, -1, Duration.ZERO));
      assertTrue(e.getMessage().startsWith("initial value must not be negative"), e.getMessage());
    }
    assertEquals(Long.valueOf(11), c.incr(k, 1), "nothing was sent: the counter is untouched");
  }

  private static void refused(Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith("delta must not be negative, was -"), e.getMessage());
  }
}
