package dev.memcache.java.routing;

import static dev.memcache.java.routing.OwnKeysLoad.Outcome.CONNECTION_ERROR;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.MISS;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.MULTI_GET;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.NOT_STORED;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.OWN_VALUE;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.STORED;
import static dev.memcache.java.routing.OwnKeysLoad.Outcome.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.routing.OwnKeysLoad.Tally;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three real servers; server 1 (the victim) fails while {@value #THREADS} virtual threads work on
 * their own keys. Subclasses make it fail; this class holds the client settings and what every
 * policy promises.
 */
abstract class OneOfThreeServersFails {
  static final int VICTIM = 1;
  static final int THREADS = 120;
  static final int KEYS_PER_THREAD = 5;
  static final Duration OPERATION_TIMEOUT = Duration.ofMillis(300);
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);

  static MemcachedFleet fleet() {
    return servers.fleet();
  }

  static MemcachedServer victim() {
    return fleet().servers().get(VICTIM);
  }

  /** A client of the three servers with {@code policy}, short timeouts and a 100 ms retry delay. */
  static MemcacheClient client(FailurePolicy policy, Distribution distribution) {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .distribution(distribution)
        .failurePolicy(policy)
        .operationTimeout(OPERATION_TIMEOUT)
        .connectTimeout(OPERATION_TIMEOUT)
        .hangTimeout(OPERATION_TIMEOUT.multipliedBy(2))
        .retryDelay(Duration.ofMillis(100))
        .build();
  }

  /** Whether a key belongs to the victim, by the client's own routing. */
  static Predicate<String> onVictim(ClientConfig config) {
    NodeLocator locator =
        Routing.locator(config.distribution(), config.hashAlgorithm(), config.servers());
    return key -> locator.serverFor(key.getBytes(StandardCharsets.UTF_8)) == VICTIM;
  }

  /** What a scenario does to the victim. */
  interface VictimAction {
    void run() throws Exception;
  }

  /**
   * The scenario both failure tests play: load on every server ("warm"), the victim fails and is
   * marked down ("marking down"), stays down ("down"; under REDISTRIBUTE the live servers take its
   * keys), recovers ("back"); then every phase must have kept the policy's promise and the victim's
   * keys must come back to it. {@code cleanUp} runs however it ends.
   */
  static void failAndRecover(
      FailurePolicy policy,
      Distribution distribution,
      VictimAction fail,
      VictimAction recover,
      VictimAction cleanUp)
      throws Exception {
    try (MemcacheClient client = client(policy, distribution)) {
      OwnKeysLoad load = load(client);
      try {
        Thread.sleep(300);
        load.phase("marking down");
        // Calls are counted in the phase they start in: let those of "warm" end.
        Thread.sleep(50);
        fail.run();
        awaitVictimMarkedDown(client);
        load.phase("down");
        Thread.sleep(300);
        if (policy == FailurePolicy.REDISTRIBUTE) {
          assertLiveServersHoldVictimKeys(load, client.config());
        }
        Thread.sleep(500);
        load.phase("back");
        recover.run();
        awaitVictimBack(client, 300);
      } finally {
        load.stop();
        cleanUp.run();
      }
      assertPolicyKept(policy, load, List.of("warm", "marking down", "down", "back"));
      assertKeysCameBackToTheVictim(client, load);
    }
  }

  /** Starts the load, tallying into phase "warm". */
  static OwnKeysLoad load(MemcacheClient client) {
    return new OwnKeysLoad(client, onVictim(client.config()), THREADS, KEYS_PER_THREAD, "warm");
  }

  /**
   * Waits (up to 10 s) until the client has marked the victim down: then a request for its keys
   * gets the policy's outcome at once, three times 60 ms apart (longer than the 50 ms in which
   * callers after a failed connect fail fast without counting). Before, a hung server's requests
   * wait for their timeout, and a dead server's are refused at most twice more.
   */
  static void awaitVictimMarkedDown(MemcacheClient client) throws InterruptedException {
    String probe = probeKey(client);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int prompt = 0; prompt < 3; ) {
      if (System.nanoTime() > deadline)
        throw new AssertionError("the victim was not marked down within 10 s");
      long start = System.nanoTime();
      try {
        client.get(probe);
      } catch (MemcacheException e) {
        // FAIL_FAST
      }
      prompt = System.nanoTime() - start < Duration.ofMillis(30).toNanos() ? prompt + 1 : 0;
      Thread.sleep(60);
    }
  }

  /** A key of the victim that the load does not use. */
  private static String probeKey(MemcacheClient client) {
    return Stream.iterate(0, i -> i + 1)
        .map(i -> "probe:" + i)
        .filter(onVictim(client.config()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Waits (up to 10 s) until the client writes the victim's keys to the victim again (a key of its
   * own, seen with a raw get), then lets the load run {@code millis} more.
   */
  static void awaitVictimBack(MemcacheClient client, long millis) throws InterruptedException {
    String probe = probeKey(client);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (int i = 0; System.nanoTime() < deadline; i++) {
      String value = probe + "@" + i;
      try {
        if (client.set(probe, value)) {
          byte[] raw = MemcachedFleet.valuesOn(victim(), List.of(probe)).get(probe);
          if (raw != null && new String(raw, StandardCharsets.UTF_8).equals(value)) break;
        }
      } catch (MemcacheException e) {
        // FAIL_FAST while it is still marked down
      }
      Thread.sleep(20);
    }
    Thread.sleep(millis);
  }

  /**
   * What every policy promises, phase by phase: no wrong value or unexpected exception, nothing
   * hangs, the live servers' keys never fail; while the victim is down (phase "down"), its keys get
   * the policy's outcome; after it is back (phase "back"), they are served again.
   */
  static void assertPolicyKept(FailurePolicy policy, OwnKeysLoad load, List<String> phases)
      throws InterruptedException {
    assertTrue(load.stop(), "a caller still hangs 10 s after the load stopped");
    StringBuilder report = new StringBuilder(policy + ":");
    for (String p : phases) report.append("\n  ").append(p).append(": ").append(load.tally(p));
    String all = report.toString();
    System.out.println(all); // what each phase looked like, in the surefire report
    assertEquals(
        List.of(),
        load.problems(),
        "callers saw another key's value or an unexpected exception\n" + all);
    for (String p : phases) {
      Tally t = load.tally(p);
      assertEquals(
          0,
          t.count(false, CONNECTION_ERROR, TIMEOUT),
          "keys of live servers failed in phase " + p + "\n" + all);
      assertTrue(
          t.count(false, OWN_VALUE) > 0,
          "keys of live servers were not served in phase " + p + "\n" + all);
      assertTrue(
          t.slowestNanos.get() < Duration.ofSeconds(2).toNanos(),
          "a call took over 2 s in phase " + p + "\n" + all);
      if (policy == FailurePolicy.MISS)
        assertEquals(
            0, t.count(true, CONNECTION_ERROR, TIMEOUT), "MISS threw in phase " + p + "\n" + all);
    }
    assertEquals(0, load.tally("warm").count(true, CONNECTION_ERROR, TIMEOUT), all);
    Tally down = load.tally("down");
    switch (policy) {
      case FAIL_FAST -> {
        assertEquals(
            0,
            down.count(true, OWN_VALUE, MISS, STORED, NOT_STORED, MULTI_GET),
            "a down server's key was served\n" + all);
        assertTrue(down.count(true, CONNECTION_ERROR, TIMEOUT) > 0, all);
      }
      case MISS -> {
        assertEquals(
            0, down.count(true, OWN_VALUE, STORED), "a down server's key was served\n" + all);
        assertTrue(down.count(true, MISS) > 0 && down.count(true, NOT_STORED) > 0, all);
      }
      case REDISTRIBUTE -> {
        assertEquals(
            0,
            down.count(true, CONNECTION_ERROR, TIMEOUT),
            "keys of a server marked down still failed\n" + all);
        assertTrue(
            down.count(true, OWN_VALUE) > 0,
            "live servers did not serve the down server's keys\n" + all);
      }
    }
    assertTrue(
        load.tally("back").count(true, OWN_VALUE) > 0,
        "the victim's keys were not served once it was back\n" + all);
  }

  /** Keys of the load that belong to the victim. */
  static List<String> victimKeys(OwnKeysLoad load, ClientConfig config) {
    return load.keys().stream().filter(onVictim(config)).toList();
  }

  /**
   * Writes every victim key once more and finds each on the victim itself (raw get): its keys came
   * back.
   */
  static void assertKeysCameBackToTheVictim(MemcacheClient client, OwnKeysLoad load) {
    List<String> keys = victimKeys(load, client.config());
    for (String k : keys) assertTrue(client.set(k, k + "@final"), k);
    Map<String, byte[]> onVictim = MemcachedFleet.valuesOn(victim(), keys);
    for (String k : keys) {
      byte[] v = onVictim.get(k);
      assertEquals(
          k + "@final",
          v == null ? null : new String(v, StandardCharsets.UTF_8),
          "raw get of " + k + " on the victim");
    }
  }

  /**
   * While the victim is down with REDISTRIBUTE: the live servers hold some of its keys (raw get).
   */
  static void assertLiveServersHoldVictimKeys(OwnKeysLoad load, ClientConfig config) {
    List<String> keys = victimKeys(load, config);
    int held = 0;
    for (int s = 0; s < 3; s++)
      if (s != VICTIM) held += MemcachedFleet.valuesOn(fleet().servers().get(s), keys).size();
    assertTrue(held > 0, "no key of the down server is on a live server");
  }
}
