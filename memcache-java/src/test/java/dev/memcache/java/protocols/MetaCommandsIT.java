package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.MetaCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stale-while-revalidate, invalidation and counters with initial values, against a real memcached.
 */
class MetaCommandsIT extends EveryProtocol {
  private static final int CALLERS = 200;

  private static MetaCommands meta() {
    return client(Protocol.META).meta();
  }

  /** Runs {@code call} on CALLERS virtual threads released together; returns their results. */
  private static <T> List<T> stampede(Callable<T> call) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < CALLERS; i++) {
        futures.add(
            threads.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) results.add(f.get());
    return results;
  }

  private static <T> T slowly(AtomicInteger computations, T value) {
    computations.incrementAndGet();
    try {
      Thread.sleep(300); // long enough for every caller to arrive while it runs
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return value;
  }

  @Test
  void twoHundredCallersOnAMissingKeyComputeItExactlyOnce() throws Exception {
    String k = key(Protocol.META, "swr-missing");
    AtomicInteger computations = new AtomicInteger();
    List<String> got =
        stampede(
            () ->
                meta()
                    .getOrCompute(
                        k, Duration.ofMinutes(5), () -> slowly(computations, "computed")));
    assertEquals(1, computations.get());
    assertEquals(
        Set.of("computed"), new HashSet<>(got), "every caller gets the one computed value");
    assertEquals("computed", client(Protocol.META).get(k));
  }

  @Test
  void twoHundredCallersOnAStaleKeyComputeItOnceAndTheOthersGetTheStaleValue() throws Exception {
    String k = key(Protocol.META, "swr-stale");
    client(Protocol.META).set(k, "old", Duration.ofMinutes(5));
    assertTrue(meta().invalidate(k, Duration.ofSeconds(30)));
    AtomicInteger computations = new AtomicInteger();
    List<String> got =
        stampede(
            () -> meta().getOrCompute(k, Duration.ofMinutes(5), () -> slowly(computations, "new")));
    assertEquals(1, computations.get());
    assertEquals(
        CALLERS - 1, got.stream().filter("old"::equals).count(), "no one waits for the recompute");
    assertTrue(got.contains("new"));
    assertEquals("new", client(Protocol.META).get(k));
    assertEquals(
        "new",
        meta()
            .getOrCompute(k, Duration.ofMinutes(5), () -> fail("fresh values are not recomputed")));
  }

  @Test
  void earlyRecacheLetsOneCallerRefreshWhileTheOthersKeepTheCurrentValue() throws Exception {
    String k = key(Protocol.META, "swr-recache");
    client(Protocol.META).set(k, "current", Duration.ofSeconds(60));
    AtomicInteger computations = new AtomicInteger();
    List<String> got =
        stampede(
            () ->
                meta()
                    .getOrCompute(
                        k,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(120),
                        MetaCommands.DEFAULT_LEASE,
                        () -> slowly(computations, "refreshed")));
    assertEquals(1, computations.get());
    assertEquals(CALLERS - 1, got.stream().filter("current"::equals).count());
    assertEquals("refreshed", client(Protocol.META).get(k));
  }

  @Test
  void invalidatedItemsAreServedStaleAndOnlyTheFirstReaderWins() {
    MemcacheClient c = client(Protocol.META);
    String k = key(Protocol.META, "inval");
    assertFalse(meta().invalidate(k, Duration.ofSeconds(30)), "nothing to invalidate");
    c.set(k, "v1", Duration.ofMinutes(5));
    MetaValue<Object> fresh = meta().get(k, Duration.ofSeconds(10), null);
    assertEquals(new MetaValue<>("v1", true, fresh.cas(), false, false, false), fresh);
    assertTrue(meta().invalidate(k, Duration.ofSeconds(30)));
    MetaValue<Object> first = meta().get(k, Duration.ofSeconds(10), null);
    MetaValue<Object> second = meta().get(k, Duration.ofSeconds(10), null);
    assertTrue(first.won() && first.stale() && first.present());
    assertEquals("v1", first.value());
    assertTrue(!second.won() && second.stale() && second.winnerChosen());
    assertTrue(
        c.cas(k, "v2", first.cas(), Duration.ofMinutes(5)), "the winner stores with its cas id");
    assertEquals(
        new MetaValue<>(
            "v2", true, meta().get(k, Duration.ofSeconds(10), null).cas(), false, false, false),
        meta().get(k, Duration.ofSeconds(10), null));
  }

  @Test
  void aMissingKeyBecomesAPlaceholderThatOnlyTheWinnerFills() {
    String k = key(Protocol.META, "vivify");
    MetaValue<Object> winner = meta().get(k, Duration.ofSeconds(10), null);
    MetaValue<Object> loser = meta().get(k, Duration.ofSeconds(10), null);
    assertTrue(winner.won() && !winner.present() && winner.value() == null);
    assertTrue(loser.winnerChosen() && !loser.present());
    assertNull(client(Protocol.META).get(k), "a placeholder is a miss to plain reads");
    assertEquals(java.util.Map.of(), client(Protocol.META).getMulti(List.of(k)));
  }

  @Test
  void aFailedComputationReleasesThePlaceholderForTheNextCaller() {
    String k = key(Protocol.META, "swr-fail");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                meta()
                    .getOrCompute(
                        k,
                        Duration.ZERO,
                        () -> {
                          throw new IllegalStateException("backend down");
                        }));
    assertEquals("backend down", e.getMessage());
    assertEquals(
        "second",
        meta().getOrCompute(k, Duration.ZERO, () -> "second"),
        "no wait for a dead lease");
  }

  /** Throws {@code failure}, checked or not, where the compiler allows only unchecked ones. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
    throw (E) failure;
  }

  @Test
  void aComputationThrowingACheckedExceptionReleasesThePlaceholderToo() {
    String k = key(Protocol.META, "swr-checked");
    java.io.IOException e =
        assertThrows(
            java.io.IOException.class,
            () ->
                meta()
                    .getOrCompute(
                        k,
                        Duration.ZERO,
                        () -> {
                          throw MetaCommandsIT.<RuntimeException>sneaky(
                              new java.io.IOException("disk gone"));
                        }));
    assertEquals("disk gone", e.getMessage());
    long start = System.nanoTime();
    assertEquals("second", meta().getOrCompute(k, Duration.ZERO, () -> "second"));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    // Without the release it would wait out the 10 s lease of the dead placeholder.
    assertTrue(waited.compareTo(Duration.ofSeconds(3)) < 0, "waited " + waited);
  }

  @Test
  void countersStartAtTheirInitialValue() {
    String k = key(Protocol.META, "ctr");
    assertEquals(
        100L, meta().incr(k, 5, 100, Duration.ofMinutes(1)), "created holding the initial value");
    assertEquals(105L, meta().incr(k, 5, 100, Duration.ofMinutes(1)));
    assertEquals(0L, meta().decr(k, 1000, 100, Duration.ofMinutes(1)));
    assertEquals(7L, meta().decr(key(Protocol.META, "ctr"), 1, 7, Duration.ZERO));
    assertEquals(3L, client(Protocol.META).incr(k, 3));
  }

  @Test
  void metaCommandsOnOtherProtocolsFailClearly() {
    for (Protocol p : List.of(Protocol.TEXT, Protocol.BINARY)) {
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, () -> client(p).meta());
      assertTrue(e.getMessage().contains("Protocol.META"), e.getMessage());
    }
  }
}
