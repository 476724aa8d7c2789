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
   * A lone caller spins twice as long as lone replies have lately taken, the reader polls three
   * times as long, within bounds: small values' replies keep the windows they had (20 and 50 us), a
   * 100 KB value's (50-120 us on loopback) gets the longest, and a server farther away no longer
   * ones.
   */
  @Test
  void spinsAndPollsLastAsLongAsLoneRepliesTakeWithinBounds() {
    assertEquals(20_000, ConnectionReader.spinNanos(0));
    assertEquals(20_000, ConnectionReader.spinNanos(10_000), "small values");
    assertEquals(30_000, ConnectionReader.spinNanos(15_000));
    assertEquals(60_000, ConnectionReader.spinNanos(30_000));
    assertEquals(100_000, ConnectionReader.spinNanos(60_000), "a 100 KB value on loopback");
    assertEquals(100_000, ConnectionReader.spinNanos(1_000_000_000), "a server far away");
    assertEquals(50_000, ConnectionReader.pollNanos(0));
    assertEquals(50_000, ConnectionReader.pollNanos(10_000), "small values");
    assertEquals(60_000, ConnectionReader.pollNanos(20_000));
    assertEquals(120_000, ConnectionReader.pollNanos(40_000));
    assertEquals(150_000, ConnectionReader.pollNanos(60_000));
    assertEquals(150_000, ConnectionReader.pollNanos(Integer.MAX_VALUE));
  }

  /**
   * The measure of lone replies: an eighth of each new one counts. A big value counts as long as it
   * took, up to twice the measure (or 20 us) and at most 1 ms: the odd late one moves it little,
   * big values that take longer for good move it an eighth a reply. A small value counts as 10 us
   * at most, however late: a late small value was held up by the scheduler or the server, not by
   * its bytes, so small values never lengthen the windows, and take them back down after big ones.
   */
  @Test
  void onlyBigValuesLengthenTheMeasureOfLoneReplies() {
    assertEquals(11_250, ConnectionReader.loneTrip(10_000, 50_000, true), "20 us at most");
    assertEquals(55_000, ConnectionReader.loneTrip(50_000, 90_000, true));
    assertEquals(56_250, ConnectionReader.loneTrip(50_000, 5_000_000, true), "twice the measure");
    assertEquals(10_000, ConnectionReader.loneTrip(10_000, 5_000_000, false), "a late small value");
    assertEquals(10_000, ConnectionReader.loneTrip(10_000, 10_000, false));
    assertEquals(9_375, ConnectionReader.loneTrip(10_000, 5_000, false));
    int trip = 10_000;
    for (int i = 0; i < 1_000; i++) trip = ConnectionReader.loneTrip(trip, 10_000_000, true);
    assertTrue(
        trip > 990_000 && trip <= 1_000_000, "a slow server's big values, 1 ms at most: " + trip);
    for (int i = 0; i < 40; i++) trip = ConnectionReader.loneTrip(trip, 1_000_000, false);
    assertTrue(trip <= 20_000, "small values after big ones: " + trip);
    for (int i = 0; i < 200; i++) trip = ConnectionReader.loneTrip(trip, 1_000_000, false);
    assertEquals(10_000, trip, "small values only");
    assertEquals(20_000, ConnectionReader.spinNanos(trip));
    assertEquals(50_000, ConnectionReader.pollNanos(trip));
  }

  @Test
  void carriersAreCountedAsTheJdkCountsThem() {
    String set = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    int expected = set == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(set);
    assertEquals(expected, CarrierHandOver.carriers());
  }
}
