package dev.memcache.java.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheCasConflictException;
import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.Protocol;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.type.TypeReference;

/** {@code updateJson}: the client's gets/cas loop over JSON text, against a real memcached. */
class UpdateJsonIT {
  record Counter(String name, int n) {}

  static final Duration TTL = Duration.ofMinutes(5);

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
    return "ujson:" + name + ":" + KEYS.incrementAndGet();
  }

  private static Counter increment(Counter c) {
    return c == null ? new Counter("hits", 1) : new Counter(c.name(), c.n() + 1);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anAbsentKeyGivesNullAndTheResultIsAddedAsJsonText(Protocol protocol) {
    try (MemcacheClient c = client(protocol, 64)) {
      JsonCommands json = c.json();
      String k = key("absent");
      List<Counter> seen = new ArrayList<>();
      Counter stored =
          json.updateJson(
              k,
              Counter.class,
              TTL,
              v -> {
                seen.add(v);
                return increment(v);
              });
      assertEquals(new Counter("hits", 1), stored);
      assertEquals(1, seen.size());
      assertNull(seen.get(0));
      // stored as setJson stores it: text (flags 16), which the default codec reads as a String
      assertEquals("{\"name\":\"hits\",\"n\":1}", c.get(k));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aPresentValueIsReadAsGetJsonReadsItAndReplaced(Protocol protocol) {
    try (MemcacheClient c = client(protocol, 64)) {
      JsonCommands json = c.json();
      String k = key("present");
      json.setJson(k, new Counter("hits", 41), TTL);
      assertEquals(
          new Counter("hits", 42), json.updateJson(k, Counter.class, TTL, v -> increment(v)));
      assertEquals(new Counter("hits", 42), json.getJson(k, Counter.class));

      String list = key("list");
      json.setJson(list, List.of(new Counter("a", 1)), TTL);
      List<Counter> grown =
          json.updateJson(
              list,
              new TypeReference<List<Counter>>() {},
              TTL,
              v -> {
                List<Counter> next = new ArrayList<>(v);
                next.add(new Counter("b", 2));
                return next;
              });
      assertEquals(List.of(new Counter("a", 1), new Counter("b", 2)), grown);
      assertEquals(grown, json.getJson(list, new TypeReference<List<Counter>>() {}));
    }
  }

  @Test
  void twoRacingVirtualThreadWritersLoseNoIncrement() throws Exception {
    try (MemcacheClient c = client(Protocol.TEXT, 10_000)) {
      String k = key("race");
      c.json().setJson(k, new Counter("hits", 0), TTL);
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        writers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < 100; i++) {
                        c.json().updateJson(k, Counter.class, TTL, UpdateJsonIT::increment);
                      }
                    }));
      }
      for (Thread t : writers) {
        assertTrue(t.join(Duration.ofSeconds(60)), "writer finished");
      }
      assertEquals(new Counter("hits", 200), c.json().getJson(k, Counter.class));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void losingEveryRoundThrowsTheNamedExceptionAfterTheConfiguredAttempts(Protocol protocol) {
    try (MemcacheClient c = client(protocol, 1);
        MemcacheClient other = client(protocol, 64)) {
      String k = key("hot");
      c.json().setJson(k, new Counter("hits", 0), TTL);
      AtomicInteger calls = new AtomicInteger();
      MemcacheCasConflictException e =
          assertThrows(
              MemcacheCasConflictException.class,
              () ->
                  c.json()
                      .updateJson(
                          k,
                          Counter.class,
                          TTL,
                          v -> {
                            // a writer wins the round: the cas id read is stale
                            other
                                .json()
                                .setJson(k, new Counter("other", calls.incrementAndGet()), TTL);
                            return increment(v);
                          }));
      assertEquals(k, e.key());
      assertEquals(1, calls.get());
      assertEquals(new Counter("other", 1), c.json().getJson(k, Counter.class));
    }
  }

  @Test
  void aNullResultIsRefusedAndAValueThatIsNotJsonFailsAsGetJsonDoes() {
    try (MemcacheClient c = client(Protocol.TEXT, 64)) {
      String k = key("refused");
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> c.json().updateJson(k, Counter.class, TTL, v -> null));
      assertTrue(refused.getMessage().contains(k), refused.getMessage());
      assertNull(c.get(k));

      String text = key("text");
      c.set(text, "not json");
      MemcacheDecodeException bad =
          assertThrows(
              MemcacheDecodeException.class,
              () -> c.json().updateJson(text, Counter.class, TTL, UpdateJsonIT::increment));
      assertEquals(
          assertThrows(MemcacheDecodeException.class, () -> c.json().getJson(text, Counter.class))
              .getMessage(),
          bad.getMessage());
      assertEquals("not json", c.get(text));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theFutureFormUpdatesAndFailsItsFuture(Protocol protocol) throws Exception {
    try (MemcacheClient c = client(protocol, 1);
        MemcacheClient other = client(protocol, 64)) {
      String k = key("async");
      assertEquals(
          new Counter("hits", 1),
          c.async().json().updateJson(k, Counter.class, TTL, UpdateJsonIT::increment).get());
      assertEquals(
          new Counter("hits", 2),
          c.json()
              .async()
              .updateJson(k, new TypeReference<Counter>() {}, TTL, UpdateJsonIT::increment)
              .get());
      assertEquals(new Counter("hits", 2), c.json().getJson(k, Counter.class));

      ExecutionException lost =
          assertThrows(
              ExecutionException.class,
              () ->
                  c.async()
                      .json()
                      .updateJson(
                          k,
                          Counter.class,
                          TTL,
                          v -> {
                            other.json().setJson(k, new Counter("other", 7), TTL);
                            return increment(v);
                          })
                      .get());
      assertInstanceOf(MemcacheCasConflictException.class, lost.getCause());
      assertEquals(new Counter("other", 7), c.json().getJson(k, Counter.class));

      CompletionException refused =
          assertThrows(
              CompletionException.class,
              () -> c.async().json().updateJson(k, Counter.class, TTL, null).join());
      assertInstanceOf(NullPointerException.class, refused.getCause());
    }
  }
}
