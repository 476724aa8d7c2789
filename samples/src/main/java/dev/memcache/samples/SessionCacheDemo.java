package dev.memcache.samples;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session cache for a Java service on virtual threads: sessions are Java records stored as JSON
 * ({@link MemcacheClient#json()}, Jackson 3), which a Python or Kotlin service reads too; each
 * simulated request runs on its own virtual thread and shares one client (and one connection) with
 * all the others.
 *
 * <p>Uses the servers in {@code MEMCACHED_SERVERS} (comma-separated {@code host:port}); without it,
 * starts a local memcached for the demo and stops it at the end.
 */
public final class SessionCacheDemo {
  private static final Duration SESSION_TTL = Duration.ofMinutes(30);

  /**
   * A logged-in user's session, cached as JSON text: {@code {"user":"alice","role":"admin"}}.
   *
   * @param user who is logged in
   * @param role what the user may do
   */
  public record Session(String user, String role) {}

  public static void main(String[] args) throws Exception {
    String configured = System.getenv("MEMCACHED_SERVERS");
    MemcachedServer local =
        configured == null || configured.isBlank() ? MemcachedServer.startDefault() : null;
    String servers = local != null ? local.address() : configured;
    System.out.println(
        local != null
            ? "Started a local memcached at " + servers
            : "Using memcached at " + servers);
    try (MemcacheClient cache = client(Duration.ofMillis(500), servers.split(","))) {
      run(cache, System.out, 10_000);
    } finally {
      if (local != null) {
        local.stop();
        System.out.println("Stopped the local memcached");
      }
    }
  }

  /** The demo's client: every key under {@code demo:}, each call failing after {@code timeout}. */
  static MemcacheClient client(Duration timeout, String... servers) {
    return MemcacheClient.builder()
        .servers(servers)
        .operationTimeout(timeout)
        .keyPrefix("demo:")
        .build();
  }

  /**
   * Runs the demo on {@code cache}, printing to {@code out}, with {@code users} concurrent
   * requests.
   */
  static void run(MemcacheClient cache, PrintStream out, int users) throws InterruptedException {
    out.println("Servers: " + cache.version());
    JsonCommands json = cache.json(); // needs jackson-databind 3 on the class path

    // Log in: store the session record as JSON under its id, for 30 minutes.
    json.setJson("session:alice", new Session("alice", "admin"), SESSION_TTL);
    out.println("getJson session:alice -> " + json.getJson("session:alice", Session.class));
    // What a Python service's get returns: a str, ready for json.loads.
    out.println("stored text -> " + cache.get("session:alice", String.class));

    // A second login with the same id must not overwrite the first: add only stores when absent.
    out.println(
        "addJson session:alice again -> "
            + json.addJson("session:alice", new Session("mallory", "admin"), SESSION_TTL));

    // Page views counted with incr (created with add on first use), read back as an Integer.
    cache.add("views:alice", 0, Duration.ZERO);
    for (int i = 0; i < 3; i++) cache.incr("views:alice", 1);
    out.println("views:alice -> " + cache.get("views:alice", Integer.class));

    // Many requests on virtual threads, each reading its own session: one connection, pipelined.
    for (int u = 0; u < users; u++) {
      // noreply writes of the same JSON text setJson stores (flags 16)
      String text = json.mapper().writeValueAsString(new Session("user" + u, "reader"));
      cache.noReply().set("session:user" + u, text, SESSION_TTL);
    }
    AtomicInteger own = new AtomicInteger();
    AtomicInteger timedOut = new AtomicInteger();
    long start = System.nanoTime();
    List<Thread> requests = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      String id = "user" + u;
      requests.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Session s = json.getJson("session:" + id, Session.class);
                      if (s != null && s.user().equals(id)) own.incrementAndGet();
                    } catch (MemcacheTimeoutException e) {
                      timedOut.incrementAndGet(); // a service would treat it as a miss
                    }
                  }));
    }
    for (Thread t : requests) t.join();
    out.printf(
        "%d concurrent requests read their own session: %d, timed out: %d (%.0f ms)%n",
        users, own.get(), timedOut.get(), (System.nanoTime() - start) / 1e6);

    // Load many sessions in one round trip per server; a miss is absent from the map.
    Map<String, Session> some =
        json.getMultiJson(
            List.of("session:user1", "session:user2", "session:nobody"), Session.class);
    out.println("getMultiJson -> " + some);

    // Safe concurrent update: gets/cas retried until it wins; null when the key is absent.
    String pages =
        cache.update("pages:alice", SESSION_TTL, (String v) -> v == null ? "/home" : v + ",/home");
    out.println("update pages:alice -> " + pages);

    // A cached "not found" (null, Python's None) is not a miss: getEntry tells them apart.
    cache.set("session:ghost", null, Duration.ofMinutes(1));
    CacheEntry<Object> ghost = cache.getEntry("session:ghost");
    CacheEntry<Object> nobody = cache.getEntry("session:nobody");
    out.println(
        "getEntry session:ghost -> "
            + (ghost != null ? "known absent (value " + ghost.value() + ")" : "miss")
            + "; session:nobody -> "
            + (nobody != null ? "hit" : "miss: ask the database"));

    // Log out.
    out.println("delete session:alice -> " + cache.delete("session:alice"));
    out.println("getJson session:alice -> " + json.getJson("session:alice", Session.class));
  }
}
