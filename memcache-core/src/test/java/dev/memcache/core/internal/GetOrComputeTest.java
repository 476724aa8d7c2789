package dev.memcache.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.GetOrCompute.Step;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The getOrCompute decisions the Java and Kotlin clients share, without a server: what a read leads
 * to, the pauses, when waiting gives up, what a failed computation releases. Nothing here sends a
 * request (the cluster names a server that is never contacted); the clients' meta tests run the
 * whole loop against memcached.
 */
class GetOrComputeTest {
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(1);

  private final Cluster cluster =
      new Cluster(
          ClientConfig.builder()
              .servers("127.0.0.1:1")
              .protocol(Protocol.META)
              .operationTimeout(OPERATION_TIMEOUT)
              .buildConfig());
  private final Operations ops = new Operations(cluster);
  private final MetaOperations meta = new MetaOperations(cluster);
  private long now = 1_000;

  @AfterEach
  void closeTheCluster() {
    cluster.close();
  }

  private GetOrCompute start(Duration lease) {
    return new GetOrCompute(ops, meta, "k", Duration.ZERO, null, lease, () -> now);
  }

  private static MetaValue<Object> placeholderWon() {
    return new MetaValue<>(null, false, 7, true, false, false);
  }

  private static MetaValue<Object> placeholderTaken() {
    return new MetaValue<>(null, false, 7, false, false, true);
  }

  private static MetaValue<Object> staleWon() {
    return new MetaValue<>("old", true, 8, true, true, false);
  }

  @Test
  void theWinnerComputesAndEveryOtherReaderUsesWhatItRead() {
    assertEquals(
        Step.USE,
        start(Duration.ofSeconds(10)).next(new MetaValue<>("v", true, 1, false, false, false)));
    assertEquals(
        Step.USE,
        start(Duration.ofSeconds(10)).next(new MetaValue<>("old", true, 1, false, true, true)));
    assertEquals(Step.COMPUTE, start(Duration.ofSeconds(10)).next(placeholderWon()));
    assertEquals(Step.COMPUTE, start(Duration.ofSeconds(10)).next(staleWon()));
    assertEquals(Step.WAIT, start(Duration.ofSeconds(10)).next(placeholderTaken()));
  }

  @Test
  void waitingPausesDoubleFromOneMillisecondUpToFifty() {
    GetOrCompute g = start(Duration.ofSeconds(10));
    long[] pauses = new long[8];
    for (int i = 0; i < pauses.length; i++) {
      assertEquals(Step.WAIT, g.next(placeholderTaken()));
      pauses[i] = TimeUnit.NANOSECONDS.toMillis(g.pause());
    }
    assertArrayEquals(new long[] {1, 2, 4, 8, 16, 32, 50, 50}, pauses);
  }

  @Test
  void waitingGivesUpOnceTheLeaseAndTheOperationTimeoutHavePassed() {
    Duration lease = Duration.ofSeconds(2);
    GetOrCompute g = start(lease);
    now += lease.plus(OPERATION_TIMEOUT).toNanos();
    assertEquals(Step.WAIT, g.next(placeholderTaken()));
    now += 1;
    MemcacheTimeoutException e =
        assertThrows(MemcacheTimeoutException.class, () -> g.next(placeholderTaken()));
    assertTrue(e.getMessage().contains("getOrCompute of key 'k'"), e.getMessage());
    assertTrue(e.getMessage().contains("within the lease of PT2S"), e.getMessage());
    // A value that arrives late is still used, and a win still computes.
    assertEquals(Step.USE, g.next(new MetaValue<>("v", true, 1, false, false, false)));
    assertEquals(Step.COMPUTE, g.next(placeholderWon()));
  }

  @Test
  void aLeaseBeyondTwentyYearsIsWaitedForTwentyYearsWithoutOverflow() {
    GetOrCompute g = start(Duration.ofSeconds(Long.MAX_VALUE));
    now += GetOrCompute.LONGEST_WAIT.plus(OPERATION_TIMEOUT).toNanos();
    assertEquals(Step.WAIT, g.next(placeholderTaken()));
    now += 1;
    assertThrows(MemcacheTimeoutException.class, () -> g.next(placeholderTaken()));
  }

  @Test
  void aFailedComputationReleasesOnlyAnEmptyPlaceholderItWon() {
    GetOrCompute placeholder = start(Duration.ofSeconds(10));
    placeholder.next(placeholderWon());
    assertTrue(placeholder.holdsPlaceholder());

    GetOrCompute stale = start(Duration.ofSeconds(10));
    stale.next(staleWon());
    assertFalse(stale.holdsPlaceholder());
    assertNull(stale.release(), "a stale value stays in service: nothing is deleted");
  }

  @Test
  void storingOrReleasingWithoutAWinIsABug() {
    GetOrCompute g = start(Duration.ofSeconds(10));
    g.next(placeholderTaken());
    assertThrows(IllegalStateException.class, () -> g.store("v"));
    assertThrows(IllegalStateException.class, g::release);
  }

  @Test
  void aClientFailureOfTheReleaseIsSuppressedAndAnythingElseIsThrown() {
    RuntimeException computeFailure = new RuntimeException("compute failed");
    MemcacheConnectionException down = new MemcacheConnectionException("server down");
    GetOrCompute.releaseFailed(computeFailure, down);
    assertArrayEquals(new Throwable[] {down}, computeFailure.getSuppressed());

    IllegalStateException closed = new IllegalStateException("client is closed");
    assertSame(
        closed,
        assertThrows(
            IllegalStateException.class, () -> GetOrCompute.releaseFailed(computeFailure, closed)));
    assertEquals(1, computeFailure.getSuppressed().length);
  }
}
