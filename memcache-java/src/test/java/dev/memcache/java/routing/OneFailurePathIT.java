package dev.memcache.java.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real servers, the second killed: meta commands and the commands sent to every server (stats,
 * version, flush) obey the failure policy exactly as the classic commands do.
 */
class OneFailurePathIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(2);
  private static final int DEAD = 1;
  private static final Duration TTL = Duration.ofMinutes(1);

  private static MemcachedFleet fleet() {
    return servers.fleet();
  }

  private static MemcacheClient client(FailurePolicy policy) {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .protocol(Protocol.META)
        .distribution(Distribution.PYMEMCACHE_RENDEZVOUS)
        .failurePolicy(policy)
        .operationTimeout(Duration.ofMillis(300))
        .connectTimeout(Duration.ofMillis(300))
        .build();
  }

  /** A key the client routes to {@code server}. */
  private static String keyOn(MemcacheClient client, int server, String prefix) {
    NodeLocator locator =
        Routing.locator(
            client.config().distribution(),
            client.config().hashAlgorithm(),
            client.config().servers());
    return Stream.iterate(0, i -> i + 1)
        .map(i -> prefix + i)
        .filter(k -> locator.serverFor(k.getBytes(StandardCharsets.UTF_8)) == server)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void underMissMetaCommandsOnADeadServerAreMissesLikeTheClassicOnes() {
    fleet().servers().get(DEAD).kill();
    try (MemcacheClient client = client(FailurePolicy.MISS)) {
      String dead = keyOn(client, DEAD, "dead:");
      assertNull(client.get(dead), "the classic get is a miss");
      assertNull(client.incr(dead, 1), "the classic incr is a miss");

      MetaValue<Object> v = client.meta().get(dead, TTL, null);
      assertFalse(v.present(), "no value");
      assertTrue(v.won(), "nobody holds a lease: the caller computes");
      assertFalse(client.meta().invalidate(dead, TTL), "invalidate is a write: false");
      assertNull(client.meta().incr(dead, 1, 10, TTL), "a counter with initial value: a miss");
      assertNull(client.meta().decr(dead, 1, 10, TTL));

      AtomicInteger computed = new AtomicInteger();
      assertEquals(
          "fresh",
          client
              .meta()
              .getOrCompute(
                  dead,
                  TTL,
                  () -> {
                    computed.incrementAndGet();
                    return "fresh";
                  }),
          "getOrCompute computes at once, as on any miss");
      assertEquals(1, computed.get());
    }
  }

  @Test
  void underFailFastMetaCommandsOnADeadServerThrowLikeTheClassicOnes() {
    fleet().servers().get(DEAD).kill();
    try (MemcacheClient client = client(FailurePolicy.FAIL_FAST)) {
      String dead = keyOn(client, DEAD, "dead:");
      assertThrows(MemcacheConnectionException.class, () -> client.get(dead));
      assertThrows(MemcacheConnectionException.class, () -> client.meta().get(dead, TTL, null));
      assertThrows(MemcacheConnectionException.class, () -> client.meta().invalidate(dead, TTL));
      assertThrows(MemcacheConnectionException.class, () -> client.meta().incr(dead, 1, 10, TTL));
      assertThrows(MemcacheConnectionException.class, client::stats);
      assertThrows(MemcacheConnectionException.class, client::version);
      assertThrows(MemcacheConnectionException.class, client::flushAll);
    }
  }

  @Test
  void underRedistributeStatsVersionAndFlushOfADeadServerThrowForThereIsNoOtherServerToAsk() {
    fleet().servers().get(DEAD).kill();
    try (MemcacheClient client = client(FailurePolicy.REDISTRIBUTE)) {
      String dead = keyOn(client, DEAD, "dead:");
      assertNull(
          untilRedistributed(() -> client.meta().get(dead, TTL, null)).value(),
          "a meta get goes to the live server, like a classic one");
      assertTrue(client.set(dead, "moved"));
      assertEquals("moved", client.get(dead));
      assertThrows(MemcacheConnectionException.class, client::stats);
      assertThrows(MemcacheConnectionException.class, client::version);
      assertThrows(MemcacheConnectionException.class, client::flushAll);
    }
  }

  /** Calls until the dead server is marked down and the call goes to the live one (5 s at most). */
  private static <T> T untilRedistributed(java.util.function.Supplier<T> call) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (MemcacheConnectionException e) {
        if (System.nanoTime() - giveUp > 0) throw e;
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
      }
    }
  }

  @Test
  void underMissStatsAndVersionLeaveOutTheDeadServerAndFlushSaysItDidNotReachEveryServer()
      throws Exception {
    String liveName = fleet().servers().get(0).address();
    String deadName = fleet().servers().get(DEAD).address();
    fleet().servers().get(DEAD).kill();
    try (MemcacheClient client = client(FailurePolicy.MISS)) {
      String live = keyOn(client, 0, "live:");
      assertTrue(client.set(live, "here"));

      Map<String, Map<String, String>> stats = client.stats();
      assertEquals(List.of(liveName), List.copyOf(stats.keySet()), "only the live server");
      assertTrue(stats.get(liveName).containsKey("curr_items"), stats.toString());
      assertEquals(List.of(liveName), List.copyOf(client.stats("settings").keySet()));
      Map<String, String> versions = client.version();
      assertEquals(List.of(liveName), List.copyOf(versions.keySet()), "not " + deadName);

      assertFalse(client.flushAll(), "flush did not reach " + deadName);
      assertFalse(client.async().flushAll().get(5, TimeUnit.SECONDS));
      assertNull(client.get(live), "the live server was flushed");
    }
  }

  @Test
  void withEveryServerUpFlushReportsSuccessUnderEveryPolicy()
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    for (FailurePolicy policy : FailurePolicy.values()) {
      try (MemcacheClient client = client(policy)) {
        assertTrue(client.flushAll(), policy.toString());
        assertTrue(client.async().flushAll().get(5, TimeUnit.SECONDS), policy.toString());
        assertEquals(2, client.stats().size(), policy.toString());
      }
    }
  }
}
