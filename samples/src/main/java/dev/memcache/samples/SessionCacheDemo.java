package dev.memcache.samples;

import dev.memcache.core.CasValue;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session cache for a Java service on virtual threads: each simulated request runs on its own
 * virtual thread and shares one client (and one connection) with all the others.
 *
 * <p>Uses the servers in {@code MEMCACHED_SERVERS} (comma-separated {@code host:port}); without it,
 * starts a local memcached for the demo and stops it at the end.
 */
public final class SessionCacheDemo {
  private static final Duration SESSION_TTL = Duration.ofMinutes(30);

  public static void main(String[] args) throws Exception {
    String configured = System.getenv("MEMCACHED_SERVERS");
    MemcachedServer local =
        configured == null || configured.isBlank() ? MemcachedServer.startDefault() : null;
    String servers = local != null ? local.address() : configured;
    System.out.println(
        local != null
            ? "Started a local memcached at " + servers
            : "Using memcached at " + servers);
    try (MemcacheClient cache =
        MemcacheClient.builder()
            .servers(servers.split(","))
            .operationTimeout(Duration.ofMillis(500))
            .keyPrefix("demo:")
            .build()) {
      run(cache);
    } finally {
      if (local != null) {
        local.stop();
        System.out.println("Stopped the local memcached");
      }
    }
  }

  static void run(MemcacheClient cache) throws InterruptedException {
    System.out.println("Servers: " + cache.version());

    // Log in: store a session under its id, for 30 minutes.
    cache.set("session:alice", "user=alice;role=admin", SESSION_TTL);
    System.out.println("get session:alice -> " + cache.get("session:alice", String.class));

    // A second login with the same id must not overwrite the first: add only stores when absent.
    System.out.println(
        "add session:alice again -> " + cache.add("session:alice", "user=mallory", SESSION_TTL));

    // Page views counted with incr (created with add on first use).
    cache.add("views:alice", 0, Duration.ZERO);
    for (int i = 0; i < 3; i++) cache.incr("views:alice", 1);
    System.out.println("views:alice -> " + cache.get("views:alice"));

    // 10,000 requests on virtual threads, each reading its own session: one connection, pipelined.
    int users = 10_000;
    for (int u = 0; u < users; u++)
      cache.noReply().set("session:user" + u, "user=user" + u, SESSION_TTL);
    AtomicInteger own = new AtomicInteger();
    long start = System.nanoTime();
    List<Thread> requests = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String id = "user" + u;
      requests.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    if (("user=" + id).equals(cache.get("session:" + id))) own.incrementAndGet();
                  }));
    }
    for (Thread t : requests) t.join();
    System.out.printf(
        "%d concurrent requests read their own session: %d (%.0f ms)%n",
        users, own.get(), (System.nanoTime() - start) / 1e6);

    // Load many sessions in one round trip per server.
    Map<String, Object> some =
        cache.getMulti(List.of("session:user1", "session:user2", "session:nobody"));
    System.out.println("getMulti -> " + some);

    // Safe concurrent update of the role: gets/cas retried until it wins.
    String updated =
        cache.update(
            "session:alice", SESSION_TTL, (String s) -> s.replace("role=admin", "role=owner"));
    CasValue<Object> withCas = cache.gets("session:alice");
    System.out.println("update -> " + updated + " (cas " + withCas.cas() + ")");

    // Log out.
    System.out.println("delete session:alice -> " + cache.delete("session:alice"));
    System.out.println("get session:alice -> " + cache.get("session:alice"));
  }
}
