package dev.memcache.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real Spring application context with {@code @EnableCaching} and a {@code @Cacheable} bean,
 * caching in a real memcached through {@link MemcacheCacheManager}.
 */
class CacheableApplicationIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  static final String PREFIX = "app:";

  AnnotationConfigApplicationContext context;
  Library library;
  MemcacheClient plain;

  /** The application's cached service; counts how often each method really runs. */
  public static class Library {
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger asyncLookups = new AtomicInteger();

    /** How often a synchronous method ran (through the proxy: its fields are not the bean's). */
    public int lookups() {
      return lookups.get();
    }

    /** How often a future-returning method ran. */
    public int asyncLookups() {
      return asyncLookups.get();
    }

    @Cacheable("books")
    public String title(int id) {
      lookups.incrementAndGet();
      return "title " + id;
    }

    @Cacheable("books")
    public String search(String query, int page) {
      lookups.incrementAndGet();
      return query + " page " + page;
    }

    @CacheEvict("books")
    public void forget(int id) {}

    @CacheEvict(value = "books", allEntries = true)
    public void forgetAll() {}

    @Cacheable(value = "reports", sync = true)
    public String report(int id) throws InterruptedException {
      lookups.incrementAndGet();
      Thread.sleep(200);
      return "report " + id;
    }

    @Cacheable("covers")
    public CompletableFuture<String> cover(int id) {
      asyncLookups.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "cover " + id);
    }

    @Cacheable(value = "covers", sync = true)
    public CompletableFuture<String> coverOnce(int id) {
      asyncLookups.incrementAndGet();
      return CompletableFuture.supplyAsync(
          () -> "cover " + id, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
    }
  }

  /** The application's configuration, as a user writes it. */
  @Configuration
  @EnableCaching
  public static class App {
    @Bean
    public MemcacheClient memcacheClient() {
      return MemcacheClient.builder().servers(memcached.address()).build();
    }

    @Bean
    public CacheManager cacheManager(MemcacheClient client) {
      return MemcacheCacheManager.builder(client)
          .keyPrefix(PREFIX)
          .defaultTtl(Duration.ofMinutes(5))
          .build();
    }

    @Bean
    public Library library() {
      return new Library();
    }
  }

  @BeforeEach
  void start() {
    plain = MemcacheClient.builder().servers(memcached.address()).build();
    plain.flushAll();
    context = new AnnotationConfigApplicationContext(App.class);
    library = context.getBean(Library.class);
  }

  @AfterEach
  void stop() {
    context.close(); // closes the client bean too
    plain.close();
  }

  @Test
  void theMethodRunsOnceForTwoCalls() {
    assertEquals("title 7", library.title(7));
    assertEquals("title 7", library.title(7));
    assertEquals(1, library.lookups());
    assertEquals("title 8", library.title(8));
    assertEquals(2, library.lookups());
  }

  @Test
  void theEntryIsReadableThroughAPlainClientUnderTheDocumentedKey() {
    library.title(42);
    // <prefix><cacheName>:<generation>:<key>, the generation a decimal counter at
    // <prefix><name>:gen
    Object generation = plain.get(PREFIX + "books:gen");
    assertInstanceOf(Long.class, generation);
    assertEquals("title 42", plain.get(PREFIX + "books:" + generation + ":42"));
    MemcacheCache books = (MemcacheCache) context.getBean(CacheManager.class).getCache("books");
    assertEquals(PREFIX + "books:" + generation + ":42", books.storedKey(42));
  }

  @Test
  void aKeyOfSeveralArgumentsIsStoredUnderItsDigest() {
    library.search("spring boot", 2);
    library.search("spring boot", 2);
    assertEquals(1, library.lookups());
    // SimpleKey's toString holds spaces: "SimpleKey [spring boot, 2]"
    Object generation = plain.get(PREFIX + "books:gen");
    String digest = Digests.of("SimpleKey [spring boot, 2]");
    assertEquals("spring boot page 2", plain.get(PREFIX + "books:" + generation + ":" + digest));
  }

  @Test
  void aSyncMethodRunsOnceForThirtyTwoConcurrentCallers() throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++)
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  return library.report(1);
                }));
      start.countDown();
      for (Future<String> r : results) assertEquals("report 1", r.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, library.lookups());
  }

  @Test
  void cacheEvictRemovesTheEntry() {
    library.title(3);
    String key = PREFIX + "books:" + plain.get(PREFIX + "books:gen") + ":3";
    assertNotNull(plain.get(key));
    library.forget(3);
    assertNull(plain.get(key));
    library.title(3);
    assertEquals(2, library.lookups());
  }

  @Test
  void evictingAllEntriesClearsOnlyThatCache() throws Exception {
    library.title(1);
    library.title(2);
    library.cover(1).get(5, TimeUnit.SECONDS);
    plain.set("foreign", "kept");
    library.forgetAll();
    library.title(1);
    library.title(2);
    assertEquals(4, library.lookups());
    assertEquals("kept", plain.get("foreign"));
    CacheManager manager = context.getBean(CacheManager.class);
    // the covers entry is stored when the future completes; it outlives the books' clear
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (manager.getCache("covers").get(1) == null && System.nanoTime() < deadline)
      Thread.sleep(20);
    assertEquals("cover 1", manager.getCache("covers").get(1).get());
  }

  @Test
  void aCompletableFutureMethodIsCachedThroughRetrieve() throws Exception {
    assertEquals("cover 5", library.cover(5).get(5, TimeUnit.SECONDS));
    // The aspect stores the future's value when it completes; wait for it (bounded).
    String key = null;
    for (int i = 0; i < 100 && key == null; i++) {
      Object generation = plain.get(PREFIX + "covers:gen");
      if (generation != null && plain.get(PREFIX + "covers:" + generation + ":5") != null)
        key = PREFIX + "covers:" + generation + ":5";
      else Thread.sleep(20);
    }
    assertNotNull(key, "the future's value was never stored");
    assertEquals("cover 5", plain.get(key));
    assertEquals("cover 5", library.cover(5).get(5, TimeUnit.SECONDS));
    assertEquals(1, library.asyncLookups());
  }

  @Test
  void aSyncCompletableFutureMethodRunsOnceForConcurrentCallers() throws Exception {
    CompletableFuture<String> first = library.coverOnce(9);
    CompletableFuture<String> second = library.coverOnce(9);
    assertEquals("cover 9", first.get(5, TimeUnit.SECONDS));
    assertEquals("cover 9", second.get(5, TimeUnit.SECONDS));
    assertEquals("cover 9", library.coverOnce(9).get(5, TimeUnit.SECONDS));
    assertEquals(1, library.asyncLookups());
  }
}
