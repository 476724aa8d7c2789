package dev.memcache.java.protocols;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real memcached (1 MiB items) for a test class, and one client per protocol, made on first
 * use.
 */
abstract class EveryProtocol {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final Map<Protocol, MemcacheClient> CLIENTS = new EnumMap<>(Protocol.class);
  private static final AtomicInteger KEYS = new AtomicInteger();

  static synchronized MemcacheClient client(Protocol protocol) {
    return CLIENTS.computeIfAbsent(
        protocol, p -> MemcacheClient.builder().servers(memcached.address()).protocol(p).build());
  }

  /** A key no other test uses. */
  static String key(Protocol protocol, String name) {
    return protocol + ":" + name + ":" + KEYS.incrementAndGet();
  }

  @AfterAll
  static synchronized void closeClients() {
    CLIENTS.values().forEach(MemcacheClient::close);
    CLIENTS.clear();
  }
}
