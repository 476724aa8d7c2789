package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a JUnit 5 project gets from the BOM, memcache-java and the test kit: a working cache. */
class ConsumerTest {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void aValueSetThroughTheClientIsReadBackFromTheTestKitsMemcached() {
    try (MemcacheClient cache = MemcacheClient.builder().servers(memcached.address()).build()) {
      assertTrue(cache.set("consumer:greeting", "hello ✓", Duration.ofMinutes(1)));
      assertEquals("hello ✓", cache.get("consumer:greeting", String.class));
    }
    System.out.println(
        "consumer: set/get against memcached at "
            + memcached.address()
            + " with JUnit Jupiter "
            + Test.class.getPackage().getImplementationVersion()
            + " on Java "
            + Runtime.version());
  }
}
