package dev.memcache.java.proxy;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.TwemproxyServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real twemproxy (nutcracker: ketama, murmur, no ejection) in front of two real memcached
 * servers, and a client of the proxy alone, with the default (text) protocol: what users do.
 */
abstract class BehindTwemproxy {
  static MemcachedFleet fleet;
  static TwemproxyServer proxy;
  static MemcacheClient client;
  private static final AtomicInteger KEYS = new AtomicInteger();

  @BeforeAll
  static void startProxy() {
    fleet = new MemcachedFleet(2);
    proxy = TwemproxyServer.start(fleet.servers());
    client = clientBuilder().build();
  }

  @AfterAll
  static void stopProxy() {
    try {
      if (client != null) client.close();
    } finally {
      try {
        if (proxy != null) proxy.close(); // by its PID
      } finally {
        if (fleet != null) fleet.close();
      }
    }
  }

  static MemcacheClient.Builder clientBuilder() {
    return MemcacheClient.builder()
        .servers(proxy.address())
        .operationTimeout(Duration.ofSeconds(2))
        .retryDelay(Duration.ofMillis(200));
  }

  /** A key no other test uses. */
  static String key(String name) {
    return "proxy:" + name + ":" + KEYS.incrementAndGet();
  }
}
