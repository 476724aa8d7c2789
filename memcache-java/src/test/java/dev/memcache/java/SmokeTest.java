package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void basics() {
    try (MemcacheClient c = MemcacheClient.builder().servers(memcached.address()).build()) {
      assertNull(c.get("nope"));
      assertTrue(c.set("a", "hello"));
      assertEquals("hello", c.get("a"));
      assertTrue(c.set("n", 41L, Duration.ofMinutes(1)));
      assertEquals(42L, c.incr("n", 1));
      assertEquals(Map.of("a", "hello", "n", 42L), c.getMulti(List.of("a", "n", "zz")));
      assertEquals(1, c.version().size());
      assertTrue(c.stats().values().iterator().next().containsKey("pid"));
      assertEquals("hello", c.async().get("a").join());
    }
  }
}
