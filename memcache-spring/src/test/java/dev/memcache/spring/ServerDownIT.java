package dev.memcache.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.Cache;

/** With memcached down, the cache does what the client's failure policy says. */
class ServerDownIT {
  @RegisterExtension MemcachedExtension memcached = new MemcachedExtension();

  MemcacheClient client(FailurePolicy policy) {
    return MemcacheClient.builder()
        .servers(memcached.address())
        .failurePolicy(policy)
        .connectTimeout(Duration.ofMillis(500))
        .operationTimeout(Duration.ofSeconds(1))
        .build();
  }

  @Test
  void failFastThrowsTheClientsFailureAndWorksAgainOnceTheServerIsBack() throws Exception {
    try (MemcacheClient client = client(FailurePolicy.FAIL_FAST)) {
      Cache cache = MemcacheCacheManager.builder(client).build().getCache("c");
      cache.put("k", "v");
      memcached.server().kill();
      assertThrows(MemcacheException.class, () -> cache.get("k"));
      assertThrows(MemcacheException.class, () -> cache.put("k", "v"));
      assertThrows(MemcacheException.class, () -> cache.get("k", () -> "loaded"));
      assertThrows(MemcacheException.class, cache::clear);
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> cache.retrieve("other").get(10, TimeUnit.SECONDS));
      assertInstanceOf(MemcacheException.class, e.getCause());

      // back up (empty): the cache recreates its generation and works again
      memcached.server().start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (true) {
        try {
          cache.put("k", "after restart");
          break;
        } catch (MemcacheException stillDown) {
          if (System.nanoTime() > deadline) throw stillDown;
          Thread.sleep(50);
        }
      }
      assertEquals("after restart", cache.get("k").get());
    }
  }

  @Test
  void missServesMissesAndLoadsWithoutStoring() throws Exception {
    try (MemcacheClient client = client(FailurePolicy.MISS)) {
      MemcacheCacheManager manager =
          MemcacheCacheManager.builder(client).generationCacheTtl(Duration.ZERO).build();
      Cache cache = manager.getCache("c");
      cache.put("k", "v");
      memcached.server().kill();
      assertNull(cache.get("k"));
      cache.put("k", "v2");
      assertNull(cache.putIfAbsent("k", "v3"));
      assertEquals("loaded", cache.get("k", () -> "loaded"));
      cache.evict("k");
      cache.clear();
      assertNull(cache.retrieve("k").get(10, TimeUnit.SECONDS));
      assertEquals(
          "async",
          cache
              .retrieve("k", () -> java.util.concurrent.CompletableFuture.completedFuture("async"))
              .get(10, TimeUnit.SECONDS));
      Cache created = manager.getCache("made-while-down");
      assertNull(created.get("k"));
    }
  }
}
