package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.MemcacheCache;
import dev.memcache.spring.MemcacheCacheManager;
import dev.memcache.testkit.MemcachedExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the cache manager is made, how the properties reach it, and how outages reach callers. */
class MemcacheCacheAutoConfigurationIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MemcacheAutoConfiguration.class,
                  MemcacheCacheAutoConfiguration.class,
                  CacheAutoConfiguration.class));

  /** A service that counts its calls, cached in "greetings". */
  static class Greeter {
    private final AtomicInteger calls = new AtomicInteger();

    /** Read through a method: callers hold a caching proxy, whose own fields are unset. */
    public int calls() {
      return calls.get();
    }

    @Cacheable("greetings")
    public String greet(String name) {
      calls.incrementAndGet();
      return "hello " + name;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {
    @Bean
    Greeter greeter() {
      return new Greeter();
    }
  }

  /** Caching with an error handler that records what the cache threw and lets the call go on. */
  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingWithErrorHandler implements CachingConfigurer {
    static final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

    @Bean
    Greeter greeter() {
      return new Greeter();
    }

    @Override
    public CacheErrorHandler errorHandler() {
      return new CacheErrorHandler() {
        @Override
        public void handleCacheGetError(RuntimeException e, Cache cache, Object key) {
          errors.add(e);
        }

        @Override
        public void handleCachePutError(RuntimeException e, Cache cache, Object key, Object v) {
          errors.add(e);
        }

        @Override
        public void handleCacheEvictError(RuntimeException e, Cache cache, Object key) {
          errors.add(e);
        }

        @Override
        public void handleCacheClearError(RuntimeException e, Cache cache) {
          errors.add(e);
        }
      };
    }
  }

  @Test
  void everyCachePropertyReachesTheManager() {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues(
            "memcache.servers=" + memcached.address(),
            "memcache.cache.default-ttl=5m",
            "memcache.cache.ttl.short=3s",
            "memcache.cache.key-prefix=svc:",
            "memcache.cache.allow-null-values=false",
            "memcache.cache.cache-names=short,long")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager).isInstanceOf(MemcacheCacheManager.class);
              assertThat(manager.getCacheNames()).containsExactly("short", "long");
              assertThat(manager.getCache("greetings")).as("not a configured name").isNull();
              MemcacheCache shortCache = (MemcacheCache) manager.getCache("short");
              assertThat(shortCache.ttl()).isEqualTo(Duration.ofSeconds(3));
              assertThat(((MemcacheCache) manager.getCache("long")).ttl())
                  .isEqualTo(Duration.ofMinutes(5));
              assertThat(shortCache.storedKey("k")).startsWith("svc:short:");
              assertThatThrownBy(() -> shortCache.put("k", null))
                  .isInstanceOf(IllegalArgumentException.class);
            });
  }

  @Test
  void withoutEnableCachingThereIsNoCacheManager() {
    runner
        .withPropertyValues("memcache.servers=" + memcached.address())
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MemcacheClient.class)
                    .doesNotHaveBean(CacheManager.class));
  }

  @Test
  void theApplicationsCacheManagerOrSpringCacheTypeMakesItBackOff() {
    runner
        .withUserConfiguration(Caching.class)
        .withBean("myCacheManager", CacheManager.class, ConcurrentMapCacheManager::new)
        .withPropertyValues("memcache.servers=" + memcached.address())
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(ConcurrentMapCacheManager.class));
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("memcache.servers=" + memcached.address(), "spring.cache.type=simple")
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(ConcurrentMapCacheManager.class));
  }

  @Test
  void customizersChangeTheManagersBuilder() {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("memcache.servers=" + memcached.address())
        .withBean(
            MemcacheCacheManagerBuilderCustomizer.class,
            () -> b -> b.ttl("greetings", Duration.ofSeconds(42)))
        .run(
            context ->
                assertThat(
                        ((MemcacheCache) context.getBean(CacheManager.class).getCache("greetings"))
                            .ttl())
                    .isEqualTo(Duration.ofSeconds(42)));
  }

  @Test
  void theManagerUsesTheApplicationsOwnClient() {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("memcache.servers=127.0.0.1:1")
        .withBean(
            "myClient",
            MemcacheClient.class,
            () -> MemcacheClient.builder().servers(memcached.address()).keyPrefix("own:").build())
        .run(
            context -> {
              Greeter greeter = context.getBean(Greeter.class);
              greeter.greet("ann");
              greeter.greet("ann");
              assertThat(greeter.calls()).isEqualTo(1);
              MemcacheCache cache =
                  (MemcacheCache) context.getBean(CacheManager.class).getCache("greetings");
              assertThat(cache.getNativeCache()).isSameAs(context.getBean("myClient"));
              try (MemcacheClient plain =
                  MemcacheClient.builder().servers(memcached.address()).build()) {
                assertThat(plain.get("own:" + cache.storedKey("ann"))).isEqualTo("hello ann");
              }
            });
  }

  @Test
  void withSeveralClientsThePrimaryOneIsUsedAndWithoutOneNoManagerIsMade() {
    runner
        .withUserConfiguration(Caching.class)
        .withBean(
            "first",
            MemcacheClient.class,
            () -> MemcacheClient.builder().servers(memcached.address()).build(),
            d -> d.setPrimary(true))
        .withBean(
            "second",
            MemcacheClient.class,
            () -> MemcacheClient.builder().servers(memcached.address()).build())
        .run(
            context ->
                assertThat(
                        context.getBean(CacheManager.class).getCache("greetings").getNativeCache())
                    .isSameAs(context.getBean("first")));
    runner
        .withUserConfiguration(Caching.class)
        .withBean(
            "first",
            MemcacheClient.class,
            () -> MemcacheClient.builder().servers(memcached.address()).build())
        .withBean(
            "second",
            MemcacheClient.class,
            () -> MemcacheClient.builder().servers(memcached.address()).build())
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(MemcacheCacheManager.class));
  }

  private static int portWithNothingListening() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void withMemcachedDownAndPolicyMissTheAppStartsAndTheMethodRunsEachTime() throws Exception {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues(
            "memcache.servers=127.0.0.1:" + portWithNothingListening(),
            "memcache.failure-policy=miss")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Greeter greeter = context.getBean(Greeter.class);
              assertThat(greeter.greet("bob")).isEqualTo("hello bob");
              assertThat(greeter.greet("bob")).isEqualTo("hello bob");
              assertThat(greeter.calls()).isEqualTo(2);
            });
  }

  @Test
  void withMemcachedDownAndPolicyFailFastTheErrorHandlerSeesTheOutage() throws Exception {
    CachingWithErrorHandler.errors.clear();
    runner
        .withUserConfiguration(CachingWithErrorHandler.class)
        .withPropertyValues(
            "memcache.servers=127.0.0.1:" + portWithNothingListening(),
            "memcache.failure-policy=fail-fast")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Greeter greeter = context.getBean(Greeter.class);
              assertThat(greeter.greet("cy")).isEqualTo("hello cy");
              assertThat(greeter.greet("cy")).isEqualTo("hello cy");
              assertThat(greeter.calls()).isEqualTo(2);
              assertThat(CachingWithErrorHandler.errors)
                  .isNotEmpty()
                  .allSatisfy(e -> assertThat(e).isInstanceOf(MemcacheConnectionException.class));
            });
  }

  @Test
  void withMemcachedDownAndSpringsDefaultErrorHandlerTheCallerGetsTheOutage() throws Exception {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("memcache.servers=127.0.0.1:" + portWithNothingListening())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Greeter greeter = context.getBean(Greeter.class);
              assertThatThrownBy(() -> greeter.greet("dee")).isInstanceOf(MemcacheException.class);
              assertThat(greeter.calls()).isEqualTo(0);
            });
  }
}
