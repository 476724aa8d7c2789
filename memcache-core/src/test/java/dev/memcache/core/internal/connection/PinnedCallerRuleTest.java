package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The rule that makes the reader thread read for a caller itself instead of handing the reading to
 * the carrier ({@link CarrierHandOver#rescued}): two rescues in a row for the same caller, with no
 * carrier reader's turn from the first one's wait on and no hand-over for it that read a reply
 * between, mean the caller likely holds the one carrier while it waits. Decided without threads
 * here; {@code QuietConnectionIT} shows it with a caller truly pinned and with carriers held.
 */
class PinnedCallerRuleTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long A = 41, B = 42;

  private final CarrierHandOver handOver = new CarrierHandOver(null, "localhost:0", true);

  @Test
  void twoRescuesInARowWithNoTurnBetweenReadForTheCaller() {
    handOver.rescued(A, 10, 10, 0);
    assertFalse(handOver.readsFor(A, 0), "one rescue may be a pause");
    handOver.rescued(A, 10, 10, 5_000_000);
    assertTrue(handOver.readsFor(A, 5_000_000));
    assertTrue(handOver.readsFor(A, 5_000_000 + SECOND - 1));
    assertFalse(handOver.readsFor(B, 5_000_000), "only for the caller the rescues were for");
    assertEquals(1, handOver.callersReadFor());
  }

  @Test
  void theReadingForEndsAfterASecondAndTheSuspicionStartsOver() {
    handOver.rescued(A, 10, 10, 0);
    handOver.rescued(A, 10, 10, 0);
    assertFalse(handOver.readsFor(A, SECOND), "hand-overs again after a second");
    handOver.rescued(A, 12, 12, 2 * SECOND);
    assertEquals(1, handOver.callersReadFor(), "a first rescue again");
    handOver.rescued(A, 12, 12, 2 * SECOND + 1);
    assertEquals(2, handOver.callersReadFor());
  }

  @Test
  void aCarrierReadersTurnBetweenShowsTheCarrierWasFree() {
    handOver.rescued(A, 10, 10, 0);
    handOver.rescued(A, 11, 11, 1); // the reader taken back unbegun ran before A's next call
    assertFalse(handOver.readsFor(A, 2));
    assertEquals(1, handOver.freedRescues());
    handOver.rescued(A, 11, 11, 3); // counted from the second one's wait: now two in a row
    assertTrue(handOver.readsFor(A, 3));
  }

  @Test
  void aRescueForAnotherCallerBetweenIsNotInARow() {
    handOver.rescued(A, 10, 10, 0);
    handOver.rescued(B, 10, 10, 1);
    handOver.rescued(A, 10, 10, 2);
    assertFalse(handOver.readsFor(A, 2));
    assertFalse(handOver.readsFor(B, 2));
    assertEquals(0, handOver.callersReadFor());
  }

  @Test
  void aHandOverThatReadAReplyForTheCallerClearsItsRescue() {
    handOver.rescued(A, 10, 10, 0);
    handOver.repliedFor(B);
    handOver.repliedFor(A);
    handOver.rescued(A, 10, 10, 1);
    assertFalse(handOver.readsFor(A, 1), "the carrier reader ran while A waited");
    handOver.rescued(A, 10, 10, 2);
    assertTrue(handOver.readsFor(A, 2));
  }
}
