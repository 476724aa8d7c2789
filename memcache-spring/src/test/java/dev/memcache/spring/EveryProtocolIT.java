package dev.memcache.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.cache.Cache;

/** The cache's commands (get, set, add, delete, incr, and the futures) over every protocol. */
class EveryProtocolIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyCacheOperationWorksOver(Protocol protocol) throws Exception {
    try (MemcacheClient client =
        MemcacheClient.builder().servers(memcached.address()).protocol(protocol).build()) {
      Cache cache =
          MemcacheCacheManager.builder(client).keyPrefix(protocol + ":").build().getCache("c");
      cache.put("k", "v");
      cache.put("none", null);
      assertEquals("v", cache.get("k").get());
      assertNull(cache.get("none").get());
      assertNull(cache.putIfAbsent("fresh", 1L));
      assertEquals(1L, cache.putIfAbsent("fresh", 2L).get());
      assertEquals("loaded", cache.get("l", () -> "loaded"));
      assertEquals("v", ((Cache.ValueWrapper) cache.retrieve("k").get(5, TimeUnit.SECONDS)).get());
      assertTrue(cache.evictIfPresent("k"));
      assertNull(cache.get("k"));
      long before = Long.parseLong(String.valueOf(client.get(protocol + ":c:gen")));
      cache.clear();
      assertEquals(before + 1, Long.parseLong(String.valueOf(client.get(protocol + ":c:gen"))));
      assertNull(cache.get("fresh"));
      assertNotNull(cache.get("missing", () -> "again"));
    }
  }
}
