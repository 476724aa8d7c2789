package dev.memcache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.FailurePolicy;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MemcacheMetrics} on a {@link SimpleMeterRegistry} over two real memcached servers: timers
 * count what was asked with the right tags, hits and misses follow the reads, and the servers-down
 * gauge follows a killed and restarted server.
 */
class MemcacheMetricsIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(2);

  private static MemcachedFleet fleet() {
    return servers.fleet();
  }

  private static List<String> keys(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  @Test
  void aHundredSetsAndAHundredGetsAreTimedPerOperationServerAndOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> stored = keys("stored:", 100);
    List<String> missing = keys("missing:", 50);
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(fleet().addresses())
            .listener(MemcacheMetrics.of(registry))
            .build()) {
      for (String k : stored) assertTrue(client.set(k, "v"));
      for (String k : stored.subList(0, 50)) assertEquals("v", client.get(k));
      for (String k : missing) assertEquals(null, client.get(k));
    }

    // Where each key landed, read from the servers themselves.
    Map<String, Long> setsPerServer = perServer(stored);
    Map<String, Long> hitsPerServer = perServer(stored.subList(0, 50));
    assertEquals(2, setsPerServer.size(), "both servers got keys: " + setsPerServer);

    assertEquals(setsPerServer, timerCounts(registry, "set", "stored"));
    assertEquals(hitsPerServer, timerCounts(registry, "get", "hit"));
    assertEquals(50, total(timerCounts(registry, "get", "miss")), "50 gets missed");
    assertEquals(100, total(timerCounts(registry, "get", null)), "100 gets in all");
    assertEquals(100, total(timerCounts(registry, "set", null)), "100 sets in all");

    for (Timer t : registry.get("memcache.requests").timers()) {
      assertEquals("none", t.getId().getTag("error"), t.getId().toString());
      assertTrue(t.totalTime(TimeUnit.NANOSECONDS) > 0, "time was recorded: " + t.getId());
    }
    assertEquals(50.0, sum(registry, "memcache.hits"));
    assertEquals(50.0, sum(registry, "memcache.misses"));
    for (String server : setsPerServer.keySet()) {
      assertEquals(
          hitsPerServer.getOrDefault(server, 0L).doubleValue(),
          registry.get("memcache.hits").tag("server", server).counter().count(),
          "hits of " + server);
    }
    for (Gauge g : registry.get("memcache.requests.in.flight").gauges())
      assertEquals(0.0, g.value(), "nothing in flight after the calls returned: " + g.getId());
    assertEquals(0.0, registry.get("memcache.servers.down").gauge().value());
    assertEquals(
        Set.of(
            "memcache.requests",
            "memcache.hits",
            "memcache.misses",
            "memcache.requests.in.flight",
            "memcache.servers.down",
            "memcache.connections.hung",
            "memcache.slot.waits"),
        names(registry),
        "meters made for a healthy run (broken connections get theirs when one breaks)");
  }

  @Test
  void extraTagsAreOnEveryMeter() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(fleet().addresses())
            .listener(MemcacheMetrics.of(registry, Tags.of("cache", "sessions")))
            .build()) {
      client.set("a", "1");
      client.get("a");
    }
    List<Meter> meters = registry.getMeters();
    assertTrue(meters.size() >= 4, "meters: " + meters);
    for (Meter m : meters)
      assertEquals("sessions", m.getId().getTag("cache"), m.getId().toString());
  }

  @Test
  void theDownGaugeFollowsAKilledAndRestartedServer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    int failureLimit = 3;
    MemcacheClient client =
        MemcacheClient.builder()
            .servers(fleet().addresses())
            .failurePolicy(FailurePolicy.FAIL_FAST)
            .failureLimit(failureLimit)
            .retryDelay(Duration.ofMillis(100))
            .operationTimeout(Duration.ofMillis(500))
            .connectTimeout(Duration.ofMillis(500))
            .listener(MemcacheMetrics.of(registry))
            .build();
    try (client) {
      List<String> keys = keys("k", 40);
      for (String k : keys) client.set(k, "v");
      int[] where = fleet().locate(keys);
      String deadKey =
          keys.get(IntStream.range(0, 40).filter(i -> where[i] == 1).findFirst().orElseThrow());
      String dead = fleet().servers().get(1).address();
      Gauge down = registry.get("memcache.servers.down").gauge();
      assertEquals(0.0, down.value(), "both servers up");

      fleet().servers().get(1).kill();
      // Calls to the dead server fail; each connect that fails is a failure of the server (calls
      // within 50 ms of a failed connect fail without trying again). The gauge stays 0 until
      // failureLimit connects failed. The connection open at the kill broke too, but it had
      // answered: that is not a failure of the server, so one more broken connection is allowed.
      int failedCalls = 0;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (down.value() == 0.0) {
        if (System.nanoTime() - giveUp > 0)
          fail("not marked down after " + failedCalls + " calls: " + registry.getMetersAsString());
        try {
          client.get(deadKey);
        } catch (RuntimeException expected) {
          failedCalls++;
        }
        if (down.value() == 0.0)
          assertTrue(
              broken(registry, dead) <= failureLimit + 1,
              "still up after " + broken(registry, dead) + " broken connections");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60));
      }
      assertEquals(1.0, down.value());
      assertTrue(failedCalls >= 1, "calls failed before the server was marked down");
      assertTrue(
          broken(registry, dead) >= failureLimit,
          "down after failureLimit failed connects: " + registry.getMetersAsString());
      Timer errors =
          registry.find("memcache.requests").tags("server", dead, "outcome", "error").timer();
      assertNotNull(errors, "failed calls are timed: " + registry.getMetersAsString());
      assertTrue(!"none".equals(errors.getId().getTag("error")), errors.getId().toString());
      fleet().servers().get(1).start();
      waitFor(() -> down.value() == 0.0, "the restarted server is marked up again");
      assertEquals(null, client.get(deadKey), "the restarted server answers (empty)");
      assertEquals(
          1,
          registry
              .get("memcache.requests")
              .tags("server", dead, "outcome", "miss")
              .timer()
              .count());
    }
  }

  @Test
  void waitsForAFullConnectionAreTimed() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String server = fleet().servers().get(0).address();
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(server)
            .maxInFlight(1)
            .listener(MemcacheMetrics.of(registry))
            .build()) {
      client.set("w", "v");
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 50; i++) callers.add(Thread.ofVirtual().start(() -> client.get("w")));
      for (Thread t : callers) t.join(TimeUnit.SECONDS.toMillis(10));
    }
    Timer waits = registry.get("memcache.slot.waits").tag("server", server).timer();
    assertTrue(waits.count() > 0, "50 callers on one slot waited: " + registry.getMetersAsString());
    assertTrue(waits.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(
        51,
        registry.get("memcache.requests").tag("server", server).timers().stream()
            .mapToLong(Timer::count)
            .sum());
  }

  @Test
  void aServerThatStopsAnsweringCountsAHungConnection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String server = fleet().servers().get(0).address();
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(server)
            .operationTimeout(Duration.ofMillis(200))
            .hangTimeout(Duration.ofMillis(300))
            .listener(MemcacheMetrics.of(registry))
            .build()) {
      client.set("h", "v");
      fleet().servers().get(0).pause();
      try {
        assertThrows(RuntimeException.class, () -> client.get("h"));
        Counter hung = registry.get("memcache.connections.hung").tag("server", server).counter();
        waitFor(() -> hung.count() >= 1, "the silent connection is closed as hung");
        // Hung is told by the sweeper as it closes the socket; broken by the reader, once the
        // closed socket wakes it: later, on another thread.
        waitFor(() -> broken(registry, server) >= 1, "a hung connection is a broken one too");
        Timer timedOut =
            registry.get("memcache.requests").tags("server", server, "outcome", "error").timer();
        assertEquals(1, timedOut.count(), timedOut.getId().toString());
      } finally {
        fleet().servers().get(0).resume();
      }
    }
  }

  @Test
  void aSharedInstanceCountsAServerDownWhileAnyOfItsClientsHasItDown() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MemcacheMetrics shared = MemcacheMetrics.of(registry);
    var a = dev.memcache.core.ServerAddress.parse("10.0.0.1:11211");
    var b = dev.memcache.core.ServerAddress.parse("10.0.0.2:11211");
    Gauge down = registry.get("memcache.servers.down").gauge();
    RuntimeException cause = new RuntimeException("refused");
    shared.serverDown(a, cause); // client 1
    shared.serverDown(a, cause); // client 2
    shared.serverDown(b, cause);
    assertEquals(2.0, down.value());
    shared.serverUp(a); // client 1 sees it back; client 2 does not yet
    assertEquals(2.0, down.value());
    shared.serverUp(a);
    shared.serverUp(b);
    assertEquals(0.0, down.value());
    shared.serverUp(b); // an extra "up" does not go below zero
    assertEquals(0.0, down.value());
  }

  @Test
  void nullArgumentsAreRefusedWithTheirName() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> MemcacheMetrics.of(null));
    assertEquals("registry", e.getMessage());
    e =
        assertThrows(
            NullPointerException.class, () -> MemcacheMetrics.of(new SimpleMeterRegistry(), null));
    assertEquals("extraTags", e.getMessage());
  }

  /** For each server (host:port) that holds any of {@code keys}, how many it holds. */
  private static Map<String, Long> perServer(List<String> keys) {
    int[] where = fleet().locate(keys);
    Map<String, Long> counts = new TreeMap<>();
    for (int i : where) {
      assertTrue(i >= 0, "every key is on a server");
      counts.merge(fleet().servers().get(i).address(), 1L, Long::sum);
    }
    return counts;
  }

  /** Timer counts of {@code operation} by server, for one outcome or (null) all. */
  private static Map<String, Long> timerCounts(
      SimpleMeterRegistry registry, String operation, String outcome) {
    var search = registry.find("memcache.requests").tag("operation", operation);
    if (outcome != null) search = search.tag("outcome", outcome);
    return search.timers().stream()
        .collect(
            Collectors.groupingBy(
                t -> t.getId().getTag("server"),
                TreeMap::new,
                Collectors.summingLong(Timer::count)));
  }

  /** Connections to {@code server} that broke or failed to open, whatever the cause. */
  private static double broken(SimpleMeterRegistry registry, String server) {
    return registry.find("memcache.connections.broken").tag("server", server).counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static double sum(SimpleMeterRegistry registry, String counter) {
    return registry.get(counter).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - giveUp > 0) fail("within 10 s: " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static Set<String> names(SimpleMeterRegistry registry) {
    Set<String> names = new TreeSet<>();
    for (Meter m : registry.getMeters()) names.add(m.getId().getName());
    return names;
  }
}
