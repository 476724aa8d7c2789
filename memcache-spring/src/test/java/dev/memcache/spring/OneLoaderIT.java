package dev.memcache.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.Cache;

/**
 * {@code get(key, loader)} and {@code retrieve(key, loader)} run one loader per key: across threads
 * of one process, and across processes (here, two clients and managers) through the add-lock.
 */
class OneLoaderIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  MemcacheClient client;
  ExecutorService threads;

  @BeforeEach
  void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).build();
    client.flushAll();
    threads = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    client.close();
  }

  /** A loader that counts its calls and takes {@code millis} to load. */
  static Callable<String> slowLoader(AtomicInteger calls, long millis) {
    return () -> {
      calls.incrementAndGet();
      Thread.sleep(millis);
      return "loaded";
    };
  }

  /** Runs {@code callers} calls at once (released together) and returns their results. */
  List<Object> together(List<Cache> caches, int callers, Callable<String> loader) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Cache cache = caches.get(i % caches.size());
      results.add(
          threads.submit(
              () -> {
                start.await();
                return cache.get("report", loader);
              }));
    }
    start.countDown();
    List<Object> values = new ArrayList<>();
    for (Future<Object> f : results) values.add(f.get(30, TimeUnit.SECONDS));
    return values;
  }

  @Test
  void thirtyTwoThreadsCallTheLoaderOnce() throws Exception {
    Cache cache = MemcacheCacheManager.builder(client).build().getCache("reports");
    AtomicInteger calls = new AtomicInteger();
    List<Object> values = together(List.of(cache), 32, slowLoader(calls, 200));
    assertEquals(1, calls.get());
    assertEquals(32, values.size());
    values.forEach(v -> assertEquals("loaded", v));
    assertEquals("loaded", cache.get("report").get());
  }

  @Test
  void twoProcessesCallTheLoaderOnceThroughTheAddLock() throws Exception {
    try (MemcacheClient second = MemcacheClient.builder().servers(memcached.address()).build()) {
      Cache first = MemcacheCacheManager.builder(client).build().getCache("reports");
      Cache other = MemcacheCacheManager.builder(second).build().getCache("reports");
      AtomicInteger calls = new AtomicInteger();
      List<Object> values = together(List.of(first, other), 16, slowLoader(calls, 300));
      assertEquals(1, calls.get());
      values.forEach(v -> assertEquals("loaded", v));
      // the lock is released once the value is stored
      assertNull(client.get("reports:lock:report"));
    }
  }

  @Test
  void aLockLeftByADeadProcessDelaysOthersOnlyUntilTheLockWait() throws Exception {
    Cache cache =
        MemcacheCacheManager.builder(client)
            .lockWait(Duration.ofMillis(300))
            .build()
            .getCache("reports");
    client.set("reports:lock:report", "held by a process that died", Duration.ofSeconds(30));
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    assertEquals("loaded", cache.get("report", slowLoader(calls, 0)));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(1, calls.get());
    assertTrue(tookMillis >= 300 && tookMillis < 5_000, "took " + tookMillis + " ms");
  }

  @Test
  void aWaiterTakesTheValueAnotherProcessStores() throws Exception {
    Cache cache = MemcacheCacheManager.builder(client).build().getCache("reports");
    client.set("reports:lock:report", "another process", Duration.ofSeconds(30));
    AtomicInteger calls = new AtomicInteger();
    Future<Object> waiting = threads.submit(() -> cache.get("report", slowLoader(calls, 0)));
    Thread.sleep(100);
    // the other process stores its value and releases its lock
    cache.put("report", "theirs");
    client.delete("reports:lock:report");
    assertEquals("theirs", waiting.get(10, TimeUnit.SECONDS));
    assertEquals(0, calls.get());
  }

  @Test
  void aFailingLoaderIsReportedStoresNothingAndReleasesItsLock() {
    Cache cache = MemcacheCacheManager.builder(client).build().getCache("reports");
    IllegalStateException boom = new IllegalStateException("database down");
    Cache.ValueRetrievalException e =
        assertThrows(
            Cache.ValueRetrievalException.class,
            () ->
                cache.get(
                    "report",
                    () -> {
                      throw boom;
                    }));
    assertSame(boom, e.getCause());
    assertEquals("report", e.getKey());
    assertNull(cache.get("report"));
    assertNull(client.get("reports:lock:report"));
    assertEquals("loaded", cache.get("report", () -> "loaded"));
  }

  @Test
  void concurrentRetrievesCallTheFutureLoaderOnce() throws Exception {
    Cache cache = MemcacheCacheManager.builder(client).build().getCache("reports");
    AtomicInteger calls = new AtomicInteger();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 16; i++)
      futures.add(
          cache.retrieve(
              "report",
              () -> {
                calls.incrementAndGet();
                return CompletableFuture.supplyAsync(
                    () -> "loaded", CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
              }));
    for (CompletableFuture<String> f : futures) assertEquals("loaded", f.get(10, TimeUnit.SECONDS));
    assertEquals(1, calls.get());
    assertEquals("loaded", cache.get("report").get());
  }

  @Test
  void twoProcessesRetrievingAtOnceCallTheFutureLoaderOnce() throws Exception {
    try (MemcacheClient second = MemcacheClient.builder().servers(memcached.address()).build()) {
      List<Cache> caches =
          List.of(
              MemcacheCacheManager.builder(client).build().getCache("reports"),
              MemcacheCacheManager.builder(second).build().getCache("reports"));
      AtomicInteger calls = new AtomicInteger();
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++)
        futures.add(
            caches
                .get(i % 2)
                .retrieve(
                    "report",
                    () -> {
                      calls.incrementAndGet();
                      return CompletableFuture.supplyAsync(
                          () -> "loaded",
                          CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
                    }));
      for (CompletableFuture<String> f : futures)
        assertEquals("loaded", f.get(10, TimeUnit.SECONDS));
      assertEquals(1, calls.get());
    }
  }

  @Test
  void aLockLeftByADeadProcessDelaysARetrieveOnlyUntilTheLockWait() throws Exception {
    Cache cache =
        MemcacheCacheManager.builder(client)
            .lockWait(Duration.ofMillis(300))
            .build()
            .getCache("reports");
    client.set("reports:lock:report", "held by a process that died", Duration.ofSeconds(30));
    long start = System.nanoTime();
    CompletableFuture<String> loaded =
        cache.retrieve("report", () -> CompletableFuture.completedFuture("loaded"));
    assertEquals("loaded", loaded.get(10, TimeUnit.SECONDS));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis >= 300 && tookMillis < 5_000, "took " + tookMillis + " ms");
    assertEquals("loaded", cache.get("report").get());
  }

  @Test
  void retrieveWorksFromACompletableFutureCaller() throws Exception {
    Cache cache = MemcacheCacheManager.builder(client).build().getCache("reports");
    cache.put("a", "A");
    CompletableFuture<String> composed =
        cache
            .retrieve("a")
            .thenCompose(
                found ->
                    cache
                        .retrieve("b", () -> CompletableFuture.completedFuture("B"))
                        .thenApply(b -> ((Cache.ValueWrapper) found).get() + b));
    assertEquals("AB", composed.get(10, TimeUnit.SECONDS));
    assertInstanceOf(Cache.ValueWrapper.class, cache.retrieve("b").get(10, TimeUnit.SECONDS));
  }
}
