package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Where the reader lends its reading to the callers' carrier by default: wherever every virtual
 * thread has one carrier, whether the JVM has one CPU or one carrier was set on more ({@code
 * jdk.virtualThreadScheduler.parallelism=1}; docs/concurrency.md has what it measured there);
 * {@code dev.memcache.readerThread} overrides. And where, and how long, lone callers spin for their
 * replies.
 */
class CarrierReadsTest {
  @Test
  void oneCarrierLendsTheReadingOnJdk24AndLater() {
    assertTrue(CarrierHandOver.carrierReads("", 1, 24));
    assertTrue(CarrierHandOver.carrierReads("", 1, 25));
    assertFalse(CarrierHandOver.carrierReads("", 1, 21), "JDK 21 pins carriers in synchronized");
  }

  @Test
  void moreCarriersKeepTheReaderThread() {
    assertFalse(CarrierHandOver.carrierReads("", 2, 25));
    assertFalse(CarrierHandOver.carrierReads("", 64, 25));
  }

  @Test
  void thePropertyDecidesWhenSet() {
    assertTrue(CarrierHandOver.carrierReads("carrier", 8, 21));
    assertFalse(CarrierHandOver.carrierReads("platform", 1, 25));
  }

  @Test
  void loneCallersSpinBesideASecondCpuUnlessOneCarrierReads() {
    assertTrue(ConnectionReader.callersSpin(2, false, 2));
    assertTrue(ConnectionReader.callersSpin(2, true, 2), "a carrier reader runs on the other one");
    assertTrue(ConnectionReader.callersSpin(2, false, 1), "the reader thread reads the reply");
    assertFalse(ConnectionReader.callersSpin(2, true, 1), "the spin holds the carrier that reads");
    assertFalse(ConnectionReader.callersSpin(1, false, 1), "the spin holds the one CPU");
  }

  /**
   * Once lone replies take 20 us or more, a lone caller spins twice as long as they have lately
   * taken, the reader polls three times as long: small values' round trips on loopback keep the
   * windows they had (20 and 50 us), a 100 KB value's (50-120 us) gets the longest, and a server
   * farther away no longer ones.
   */
  @Test
  void spinsAndPollsLastAsLongAsLoneRepliesTakeWithinBounds() {
    assertEquals(20_000, ConnectionReader.spinNanos(0));
    assertEquals(20_000, ConnectionReader.spinNanos(10_000), "a small value on loopback");
    assertEquals(20_000, ConnectionReader.spinNanos(19_999));
    assertEquals(40_000, ConnectionReader.spinNanos(20_000));
    assertEquals(60_000, ConnectionReader.spinNanos(30_000));
    assertEquals(100_000, ConnectionReader.spinNanos(60_000), "a 100 KB value on loopback");
    assertEquals(100_000, ConnectionReader.spinNanos(1_000_000_000), "a server far away");
    assertEquals(50_000, ConnectionReader.pollNanos(0));
    assertEquals(50_000, ConnectionReader.pollNanos(10_000));
    assertEquals(50_000, ConnectionReader.pollNanos(19_999));
    assertEquals(60_000, ConnectionReader.pollNanos(20_000));
    assertEquals(120_000, ConnectionReader.pollNanos(40_000));
    assertEquals(150_000, ConnectionReader.pollNanos(60_000));
    assertEquals(150_000, ConnectionReader.pollNanos(Integer.MAX_VALUE));
  }

  @Test
  void carriersAreCountedAsTheJdkCountsThem() {
    String set = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    int expected = set == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(set);
    assertEquals(expected, CarrierHandOver.carriers());
  }
}
