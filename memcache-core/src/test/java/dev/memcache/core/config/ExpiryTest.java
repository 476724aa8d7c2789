package dev.memcache.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.internal.Expiry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What is sent for a TTL or a flush delay. */
class ExpiryTest {
  @Test
  void upToThirtyDaysIsRelativeAndBeyondIsAnAbsoluteUnixTime() {
    assertEquals(0, Expiry.of(Duration.ZERO));
    assertEquals(1, Expiry.of(Duration.ofMillis(1)), "a fraction rounds up, never to 'never'");
    assertEquals(2_592_000, Expiry.of(Duration.ofDays(30)));
    long now = System.currentTimeMillis() / 1000;
    long sent = Expiry.of(Duration.ofDays(31), "flush delay");
    assertTrue(
        Math.abs(sent - (now + 31L * 86400)) <= 2, "31 days from now as Unix time, was " + sent);
  }

  @Test
  void anythingPastJanuary2038IsClampedAtTwoToTheThirtyOneMinusOne() {
    assertEquals(Integer.MAX_VALUE, Expiry.of(Duration.ofDays(365 * 100)));
    assertEquals(Integer.MAX_VALUE, Expiry.of(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(Integer.MAX_VALUE, Expiry.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
  }

  @Test
  void negativeDurationsAreRefusedUnderTheirOwnName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Expiry.of(Duration.ofDays(-1), "flush delay"));
    assertEquals("flush delay must not be negative, was PT-24H", e.getMessage());
  }

  @Test
  void aFailoverCapCutsNeverAndLongerTimesButKeepsShorterOnes() {
    assertEquals(60, Expiry.cap(0, 60), "never");
    assertEquals(60, Expiry.cap(Expiry.of(Duration.ofDays(40)), 60), "an absolute time");
    assertEquals(60, Expiry.cap(3600, 60));
    assertEquals(5, Expiry.cap(5, 60));
  }
}
