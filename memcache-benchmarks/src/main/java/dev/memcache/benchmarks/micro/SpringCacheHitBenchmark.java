package dev.memcache.benchmarks.micro;

import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.MemcacheCacheManager;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cost of Spring's cache abstraction over a direct get, against one real memcached: a
 * {@code @Cacheable} hit through the proxy, {@code Cache.get} on a {@code MemcacheCache} (with the
 * generation kept for a second, and read on every get), and the client's own {@code get}. All read
 * the same 100-character string. Run with {@code -prof gc} for bytes per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpringCacheHitBenchmark {
  static final String VALUE = "v".repeat(100);
  static String address;

  private MemcachedServer server;
  private MemcacheClient client;
  private AnnotationConfigApplicationContext context;
  private Catalog catalog;
  private Cache cache;
  private Cache everyTimeCache;
  private String storedKey;

  /** The cached service. */
  public static class Catalog {
    /**
     * A product's description; only the cached value is ever returned here.
     *
     * @param id the product
     * @return its description
     */
    @Cacheable("products")
    public String describe(int id) {
      return VALUE;
    }
  }

  /** The application. */
  @Configuration
  @EnableCaching
  public static class App {
    /**
     * The client.
     *
     * @return the client
     */
    @Bean
    public MemcacheClient memcacheClient() {
      return MemcacheClient.builder().servers(address).build();
    }

    /**
     * The cache manager.
     *
     * @param client the client
     * @return the manager
     */
    @Bean
    public CacheManager cacheManager(MemcacheClient client) {
      return MemcacheCacheManager.builder(client).defaultTtl(Duration.ofHours(1)).build();
    }

    /**
     * The service.
     *
     * @return the service
     */
    @Bean
    public Catalog catalog() {
      return new Catalog();
    }
  }

  @Setup
  public void start() {
    server = MemcachedServer.builder().threads(1).start();
    address = server.address();
    context = new AnnotationConfigApplicationContext(App.class);
    catalog = context.getBean(Catalog.class);
    catalog.describe(12345); // fills the entry
    client = context.getBean(MemcacheClient.class);
    cache = context.getBean(CacheManager.class).getCache("products");
    everyTimeCache =
        MemcacheCacheManager.builder(client)
            .generationCacheTtl(Duration.ZERO)
            .build()
            .getCache("products");
    storedKey = ((dev.memcache.spring.MemcacheCache) cache).storedKey(12345);
    if (!VALUE.equals(client.get(storedKey))) throw new IllegalStateException("not cached");
  }

  @TearDown
  public void stop() {
    context.close();
    server.close();
  }

  @Benchmark
  public Object directGet() {
    return client.get(storedKey);
  }

  @Benchmark
  public Object cacheGet() {
    return cache.get(12345);
  }

  @Benchmark
  public Object cacheGetReadingTheGenerationEveryTime() {
    return everyTimeCache.get(12345);
  }

  @Benchmark
  public Object cacheableHit() {
    return catalog.describe(12345);
  }
}
