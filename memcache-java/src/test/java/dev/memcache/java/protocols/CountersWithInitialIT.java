package dev.memcache.java.protocols;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.FailurePolicy;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Counters with an initial value ({@code incr(key, delta, initial, ttl)}) on text, binary and meta
 * against a real memcached: created holding {@code initial}, then counted; never initialised twice
 * by racing callers.
 */
class CountersWithInitialIT extends EveryProtocol {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theNullableIncrOfAMissingKeyCannotBeUnboxedButTheInitialFormCan(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "unbox");
    assertThrows(
        NullPointerException.class,
        () -> {
          long v = c.incr(k, 1); // the issue: auto-unboxing a miss
          fail("unboxed " + v);
        });
    long v = c.incr(k, 1, 0, Duration.ZERO);
    assertEquals(0, v, "created holding the initial value");
    assertEquals(1, c.incr(k, 1, 0, Duration.ZERO));
    assertEquals(2L, c.incr(k, 1), "the nullable form sees the counter now");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aMissingCounterIsCreatedHoldingInitialThenCounts(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "ctr");
    assertEquals(100, c.incr(k, 5, 100, Duration.ofMinutes(1)));
    assertEquals(105, c.incr(k, 5, 100, Duration.ofMinutes(1)), "initial only applies once");
    assertEquals(95, c.decr(k, 10, 7, Duration.ofMinutes(1)));
    assertEquals(0, c.decr(k, 1000, 100, Duration.ofMinutes(1)), "decr stops at zero");
    assertEquals(0, c.decr(k, 1, 100, Duration.ofMinutes(1)), "and stays there");
    String d = key(p, "ctr");
    assertEquals(7, c.decr(d, 3, 7, Duration.ZERO), "a created counter holds initial, not 7-3");
    assertEquals(4, c.decr(d, 3, 7, Duration.ZERO));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theCounterCreatedIsDecimalTextUnderFlagsZeroOnEveryProtocol(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "raw");
    c.incr(k, 1, 42, Duration.ZERO);
    assertArrayEquals("42".getBytes(US_ASCII), (byte[]) c.get(k), "raw bytes, as binary creates");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void negativeDeltaOrInitialOrTtlIsRefusedBeforeAnythingIsSent(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "bad");
    IllegalArgumentException delta =
        assertThrows(IllegalArgumentException.class, () -> c.incr(k, -1, 0, Duration.ZERO));
    assertTrue(delta.getMessage().contains("delta"), delta.getMessage());
    IllegalArgumentException initial =
        assertThrows(IllegalArgumentException.class, () -> c.decr(k, 1, -5, Duration.ZERO));
    assertTrue(initial.getMessage().contains("initial"), initial.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.incr(k, 1, 0, Duration.ofSeconds(-1)));
    assertThrows(
        IllegalArgumentException.class, () -> c.incr("k".repeat(300), 1, 0, Duration.ZERO));
    assertTrue(
        c.async().incr(k, -1, 0, Duration.ZERO).isCompletedExceptionally(),
        "the future fails instead of throwing");
    assertNull(c.get(k), "nothing was created");
  }

  /**
   * Many virtual threads race to create the same counter: exactly one creates it (and gets {@code
   * initial}), every other one counts on top, so the results are exactly initial, initial+delta,
   * ... and the counter ends at initial + (N-1)*delta.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void racingCallersNeverInitialiseTwice(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    int callers = 200;
    for (long initial : new long[] {0, 10}) {
      long delta = initial == 0 ? 1 : 3;
      String k = key(p, "race");
      List<Long> seen = race(callers, () -> c.incr(k, delta, initial, Duration.ofMinutes(1)));
      List<Long> expected =
          LongStream.range(0, callers).map(i -> initial + i * delta).boxed().toList();
      assertEquals(expected, seen.stream().sorted().toList(), "one creator, every delta counted");
      assertEquals(initial + (callers - 1) * delta, c.incr(k, 0));
    }
  }

  /**
   * The race made certain: with the server paused, every caller's first incr is queued before the
   * server reads any, so on text every one finds the counter missing (incr_misses counts them all),
   * exactly one add wins and every other caller's add fails and counts on top.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void callersThatAllFindTheCounterMissingCreateItOnce(Protocol p) {
    int callers = 50;
    try (MemcachedServer server = MemcachedServer.builder().start();
        MemcacheClient c =
            MemcacheClient.builder()
                .servers(server.address())
                .protocol(p)
                .connectionsPerServer(1)
                .operationTimeout(Duration.ofSeconds(5))
                .hangTimeout(Duration.ofSeconds(10))
                .build()) {
      assertNull(c.get("warm"), "the connection is open");
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      server.pause();
      try {
        for (int i = 0; i < callers; i++) futures.add(c.async().incr("ctr", 2, 7, Duration.ZERO));
      } finally {
        server.resume();
      }
      List<Long> seen = futures.stream().map(CompletableFuture::join).sorted().toList();
      assertEquals(LongStream.range(0, callers).map(i -> 7 + 2 * i).boxed().toList(), seen);
      assertEquals(7 + 2L * (callers - 1), c.incr("ctr", 0));
      long misses = incrMisses(c);
      assertEquals(p == Protocol.TEXT ? callers : 0, misses, "every text caller found it missing");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void racingFuturesNeverInitialiseTwice(Protocol p) {
    MemcacheClient c = client(p);
    String k = key(p, "race-async");
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) futures.add(c.async().incr(k, 1, 0, Duration.ZERO));
    List<Long> seen = futures.stream().map(CompletableFuture::join).sorted().toList();
    assertEquals(LongStream.range(0, 200).boxed().toList(), seen);
    assertEquals(200, c.async().decr(key(p, "d"), 1, 200, Duration.ZERO).join());
  }

  /**
   * Cancelling a text counter anywhere in its incr, add, incr steps ends it (a cancelled future
   * never completes with a value) and leaves the connection in step for every other caller.
   */
  @Test
  void cancelledTextCountersEndAndLeaveTheConnectionInStep() {
    MemcacheClient c = client(Protocol.TEXT);
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    List<Boolean> cancelled = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String k = key(Protocol.TEXT, "cancel");
      keys.add(k);
      futures.add(c.async().incr(k, 1, i, Duration.ZERO));
      cancelled.add(i % 2 == 1 && futures.get(i).cancel(true)); // false: it completed first
    }
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<Long> f = futures.get(i);
      if (cancelled.get(i)) {
        assertThrows(CancellationException.class, f::join);
      } else {
        assertEquals(i, f.join(), "each kept caller created its own counter");
        assertEquals(i + 1, c.incr(keys.get(i), 1, 0, Duration.ZERO), "still in step");
      }
    }
    assertTrue(cancelled.contains(true), "some counter was cancelled before it completed");
  }

  @Test
  void aCreatedCounterExpiresAfterItsTtlAndAnExistingOneKeepsItsOwn() throws InterruptedException {
    List<String> created = new ArrayList<>(), kept = new ArrayList<>();
    for (Protocol p : Protocol.values()) {
      MemcacheClient c = client(p);
      String k = key(p, "ttl"), old = key(p, "ttl-old");
      created.add(k);
      kept.add(old);
      assertEquals(1, c.incr(k, 1, 1, Duration.ofSeconds(1)));
      c.set(old, "5");
      assertEquals(6, c.incr(old, 1, 0, Duration.ofSeconds(1)), "an existing counter counts");
    }
    Thread.sleep(2500); // memcached's clock ticks once a second
    for (int i = 0; i < created.size(); i++) {
      MemcacheClient c = client(Protocol.values()[i]);
      assertNull(c.incr(created.get(i), 1), Protocol.values()[i] + ": the ttl applied");
      assertEquals(7L, c.incr(kept.get(i), 1), Protocol.values()[i] + ": ttl only on creation");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void underMissAnUnreachableServerReturnsInitialLikeAnAbsentCounter(Protocol p) {
    MemcachedServer gone = MemcachedServer.startDefault();
    String address = gone.address();
    gone.close();
    try (MemcacheClient c =
        MemcacheClient.builder()
            .servers(address)
            .protocol(p)
            .failurePolicy(FailurePolicy.MISS)
            .connectTimeout(Duration.ofMillis(300))
            .operationTimeout(Duration.ofMillis(300))
            .build()) {
      assertEquals(9, c.incr("k", 1, 9, Duration.ZERO));
      assertEquals(9, c.decr("k", 1, 9, Duration.ZERO));
      assertNull(c.incr("k", 1), "the nullable form reads an outage as a miss");
    }
  }

  private static long incrMisses(MemcacheClient c) {
    return Long.parseLong(c.stats().values().iterator().next().get("incr_misses"))
        + Long.parseLong(c.stats().values().iterator().next().get("decr_misses"));
  }

  /** Runs {@code call} on {@code n} virtual threads released at once; returns what each got. */
  private static List<Long> race(int n, java.util.concurrent.Callable<Long> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        done.add(
            threads.submit(
                () -> {
                  go.await();
                  seen.add(call.call());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) f.get(10, TimeUnit.SECONDS);
    }
    return new ArrayList<>(seen);
  }
}
