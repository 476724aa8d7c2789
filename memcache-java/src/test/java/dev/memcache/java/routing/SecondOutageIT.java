package dev.memcache.java.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.MemcachedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * REDISTRIBUTE over two real servers whose first one fails twice: what a fallback server got during
 * the first outage must not be served during the second, after the owner took newer values.
 */
class SecondOutageIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(2);
  private static final int OWNER = 0, FALLBACK = 1;
  private static final long GIVE_UP_NANOS = Duration.ofSeconds(10).toNanos();

  private static MemcachedFleet fleet() {
    return servers.fleet();
  }

  private static MemcacheClient client(Duration failoverTtl) {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .distribution(Distribution.PYMEMCACHE_RENDEZVOUS)
        .failurePolicy(FailurePolicy.REDISTRIBUTE)
        .failoverTtl(failoverTtl)
        .operationTimeout(Duration.ofMillis(300))
        .connectTimeout(Duration.ofMillis(300))
        .retryDelay(Duration.ofMillis(100))
        .build();
  }

  private static String keyOfOwner(MemcacheClient client) {
    return keysOfOwner(client).findFirst().orElseThrow();
  }

  /** The keys the client routes to the owner while it is up. */
  private static Stream<String> keysOfOwner(MemcacheClient client) {
    NodeLocator locator =
        Routing.locator(
            client.config().distribution(),
            client.config().hashAlgorithm(),
            client.config().servers());
    return Stream.iterate(0, i -> i + 1)
        .map(i -> "profile:" + i)
        .filter(k -> locator.serverFor(k.getBytes(StandardCharsets.UTF_8)) == OWNER);
  }

  @Test
  void aValueWrittenToTheFallbackInTheFirstOutageIsNotReadBackInTheSecond()
      throws InterruptedException {
    MemcachedServer owner = fleet().servers().get(OWNER);
    try (MemcacheClient client = client(Duration.ofSeconds(1))) {
      String key = keyOfOwner(client);
      assertTrue(client.set(key, "v0"));

      owner.kill(); // first outage: the write goes to the fallback
      assertTrue(untilAnswered(() -> client.set(key, "v1")));
      assertEquals("v1", client.get(key));
      String ttl = metaTtl(fleet().servers().get(FALLBACK), key);
      assertTrue(
          ttl.equals("t1") || ttl.equals("t0"),
          "the fallback copy lives at most the failover TTL, not forever: " + ttl);

      owner.start(); // back: once the client routes to it again, the owner takes the newer value
      String probe = keysOfOwner(client).skip(1).findFirst().orElseThrow();
      long start = System.nanoTime();
      while (MemcachedFleet.valuesOn(owner, List.of(probe)).isEmpty()) {
        untilAnswered(() -> client.set(probe, "probe"));
        if (System.nanoTime() - start > GIVE_UP_NANOS) fail("the owner never got its keys back");
        Thread.sleep(20);
      }
      assertTrue(client.set(key, "v2"));
      assertEquals(
          "v2",
          new String(MemcachedFleet.valuesOn(owner, List.of(key)).get(key), StandardCharsets.UTF_8),
          "written to the owner");
      assertEquals("v2", client.get(key));
      Thread.sleep(2_500); // past the failover TTL (memcached's clock ticks once a second)

      owner.kill(); // second outage
      Object read = untilAnswered(() -> client.get(key));
      assertNull(read, "a miss, not the value from the first outage (v1)");
    }
  }

  @Test
  void aFallbackWriteKeepsAShorterTtlOfItsOwn() {
    MemcachedServer owner = fleet().servers().get(OWNER);
    try (MemcacheClient client = client(Duration.ofSeconds(60))) {
      String key = keyOfOwner(client);
      owner.kill();
      assertTrue(untilAnswered(() -> client.set(key, "short", Duration.ofSeconds(5))));
      String ttl = metaTtl(fleet().servers().get(FALLBACK), key);
      assertTrue(ttl.matches("t[45]"), "its own 5 s, below the 60 s cap: " + ttl);
      assertTrue(untilAnswered(() -> client.set(key, "endless")));
      ttl = metaTtl(fleet().servers().get(FALLBACK), key);
      assertTrue(ttl.matches("t(59|60)"), "no TTL becomes the 60 s cap: " + ttl);
    }
  }

  /** Calls until the owner is marked down and the call is redistributed (at most 10 s). */
  private static <T> T untilAnswered(Supplier<T> call) {
    long start = System.nanoTime();
    while (true) {
      try {
        return call.get();
      } catch (MemcacheException e) {
        if (System.nanoTime() - start > GIVE_UP_NANOS) throw e;
        LockSupport.parkNanos(10_000_000);
      }
    }
  }

  /** The remaining TTL of {@code key} on {@code server} as meta reports it ({@code t<seconds>}). */
  private static String metaTtl(MemcachedServer server, String key) {
    try (Socket s = new Socket(server.host(), server.port())) {
      s.setSoTimeout(2000);
      s.getOutputStream().write(("mg " + key + " t\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') line.write(b);
      String reply = line.toString(StandardCharsets.US_ASCII).strip();
      if (!reply.startsWith("HD ")) throw new AssertionError("mg answered " + reply);
      return reply.substring(3);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
