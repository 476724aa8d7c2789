package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheCasConflictException;
import dev.memcache.core.Protocol;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code update}'s gets/cas loop against a real memcached: an absent key, a stored null, the
 * configurable bound and the named exception when every attempt loses.
 */
class UpdateIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final AtomicInteger KEYS = new AtomicInteger();

  private static MemcacheClient client(Protocol protocol, int attempts) {
    return MemcacheClient.builder()
        .servers(memcached.address())
        .protocol(protocol)
        .updateAttempts(attempts)
        .build();
  }

  private static String key(String name) {
    return name + ":" + KEYS.incrementAndGet();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anAbsentKeyGivesNullAndAStoredNullIsReplaced(Protocol protocol) {
    try (MemcacheClient c = client(protocol, 64)) {
      String k = key("absent");
      assertEquals(
          "seen", c.update(k, Duration.ZERO, (String v) -> v == null ? "seen" : v + ";seen"));
      assertEquals(
          "seen;seen", c.update(k, Duration.ZERO, (String v) -> v == null ? "seen" : v + ";seen"));
      String none = key("none");
      c.set(none, null);
      assertEquals("first", c.update(none, Duration.ZERO, (String v) -> v == null ? "first" : v));
      assertEquals("first", c.get(none));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void losingEveryRaceThrowsTheNamedExceptionAfterTheConfiguredAttempts(Protocol protocol) {
    try (MemcacheClient c = client(protocol, 3);
        MemcacheClient other = client(protocol, 64)) {
      String k = key("hot");
      c.set(k, "0");
      AtomicInteger calls = new AtomicInteger();
      MemcacheCasConflictException e =
          assertThrows(
              MemcacheCasConflictException.class,
              () ->
                  c.update(
                      k,
                      Duration.ZERO,
                      (String v) -> {
                        other.set(k, "other" + calls.incrementAndGet()); // a writer wins each round
                        return v + "+1";
                      }));
      assertEquals(k, e.key());
      assertEquals(3, e.attempts());
      assertEquals(3, calls.get());
      assertTrue(
          e.getMessage().contains(k) && e.getMessage().contains("3 attempts"), e.getMessage());
      assertEquals("other3", c.get(k), "the losing update stored nothing");
    }
  }

  @Test
  void theFutureFailsWithTheSameExceptionAndAnAbsentKeyRacedByACreatorLosesToo() throws Exception {
    try (MemcacheClient c = client(Protocol.META, 2);
        MemcacheClient other = client(Protocol.META, 64)) {
      String k = key("created");
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  c.async()
                      .update(
                          k,
                          Duration.ZERO,
                          (String v) -> {
                            // absent at first (add), then another writer keeps changing it (cas)
                            other.set(k, "creator");
                            return "mine";
                          })
                      .get());
      MemcacheCasConflictException conflict =
          assertInstanceOf(MemcacheCasConflictException.class, e.getCause());
      assertEquals(2, conflict.attempts());
      assertEquals("creator", c.get(k));
    }
  }

  @Test
  void twoRacingWritersWithALimitOfOneLoseSomeRoundsButNeverAnUpdate() throws Exception {
    try (MemcacheClient c = client(Protocol.TEXT, 1)) {
      String k = key("counter");
      c.set(k, 0);
      int perWriter = 300;
      AtomicInteger stored = new AtomicInteger();
      AtomicInteger conflicts = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      for (int i = 0; i < perWriter; i++) {
                        try {
                          c.update(k, Duration.ZERO, (Long v) -> v + 1);
                          stored.incrementAndGet();
                        } catch (MemcacheCasConflictException e) {
                          conflicts.incrementAndGet();
                        }
                      }
                    }));
      }
      start.countDown();
      for (Thread t : writers) t.join(Duration.ofSeconds(30));
      assertEquals(2 * perWriter, stored.get() + conflicts.get());
      assertTrue(conflicts.get() > 0, "two writers on one key with one attempt each must collide");
      assertEquals((long) stored.get(), c.get(k), "every stored update counted, none lost");
    }
  }

  @Test
  void manyRacingWritersWithTheDefaultLimitAllStore() throws Exception {
    try (MemcacheClient c = MemcacheClient.builder().servers(memcached.address()).build()) {
      assertEquals(ClientConfig.DEFAULT_UPDATE_ATTEMPTS, c.config().updateAttempts());
      assertEquals(64, c.config().updateAttempts());
      String k = key("shared");
      List<Thread> writers = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int w = 0; w < 8; w++) {
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        for (int i = 0; i < 50; i++)
                          c.update(k, Duration.ZERO, (Long v) -> v == null ? 1L : v + 1);
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      for (Thread t : writers) t.join(Duration.ofSeconds(30));
      assertEquals(List.of(), failures);
      assertEquals(400L, c.get(k));
    }
  }

  @Test
  void updateReturningNullFailsNamingTheKeyAndStoresNothing() {
    try (MemcacheClient c = client(Protocol.TEXT, 64)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> c.update("k-null", Duration.ZERO, v -> null));
      assertTrue(e.getMessage().contains("k-null"), e.getMessage());
      assertNull(c.getEntry("k-null"), "nothing stored");
    }
  }

  @Test
  void theLimitIsAtLeastOneAndIsCopiedWithTheSettings() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MemcacheClient.builder().servers(memcached.address()).updateAttempts(0));
    ClientConfig config =
        ClientConfig.builder().servers(memcached.address()).updateAttempts(5).buildConfig();
    assertEquals(5, config.toBuilder().buildConfig().updateAttempts());
  }
}
