package dev.memcache.java.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What nutcracker 0.5.0 does not support: it closes the connection on {@code flush_all}, {@code
 * stats}, {@code verbosity}, {@code gat}, {@code gats}, meta commands and the binary protocol. Each
 * is a prompt connection error naming the command and the proxy, never a hang or a wrong value, and
 * the client goes on with a new connection. ({@code version} is answered.)
 */
class TwemproxyUnsupportedCommandsIT extends BehindTwemproxy {
  private static final long PROMPT_NANOS = Duration.ofSeconds(2).toNanos();

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("flush_all", (Consumer<MemcacheClient>) MemcacheClient::flushAll),
        Arguments.of("stats", (Consumer<MemcacheClient>) MemcacheClient::stats),
        Arguments.of("stats", (Consumer<MemcacheClient>) c -> c.stats("items")),
        Arguments.of("verbosity", (Consumer<MemcacheClient>) c -> c.verbosity(1)),
        Arguments.of(
            "gat", (Consumer<MemcacheClient>) c -> c.getAndTouch("k", Duration.ofMinutes(1))),
        Arguments.of(
            "gats", (Consumer<MemcacheClient>) c -> c.getsAndTouch("k", Duration.ofMinutes(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void anUnsupportedCommandIsAPromptConnectionErrorAndTheClientGoesOn(
      String command, Consumer<MemcacheClient> call) {
    String k = key("before");
    // An answered connection: its loss does not count towards marking the proxy down.
    assertTrue(client.set(k, "v"));
    MemcacheConnectionException e =
        prompt(() -> assertThrows(MemcacheConnectionException.class, () -> call.accept(client)));
    assertTrue(
        e.getMessage().contains(command) && e.getMessage().contains(proxy.address()),
        e.getMessage());
    assertEquals("v", client.get(k), "the next request reconnects");
  }

  @Test
  void versionIsAnsweredByAServerBehindTheProxy() {
    Map<String, String> versions = client.version();
    assertEquals(List.of(proxy.address()), List.copyOf(versions.keySet()));
    assertTrue(versions.get(proxy.address()).matches("\\d+\\.\\d+\\.\\d+.*"), versions.toString());
  }

  @Test
  void theMetaAndBinaryProtocolsFailPromptlyThroughTheProxy() {
    for (Protocol p : List.of(Protocol.META, Protocol.BINARY)) {
      try (MemcacheClient other = clientBuilder().protocol(p).build()) {
        MemcacheException e =
            prompt(() -> assertThrows(MemcacheException.class, () -> other.set("k", "v")));
        assertTrue(e.getMessage().contains(proxy.address()), p + ": " + e.getMessage());
        prompt(() -> assertThrows(MemcacheException.class, () -> other.get("k")));
      }
    }
  }

  @Test
  void callersSharingTheConnectionNeverGetAWrongValueWhenAStatsCallBreaksIt() throws Exception {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> callers =
        Stream.iterate(0, i -> i + 1)
            .limit(20)
            .map(
                i ->
                    Thread.ofVirtual()
                        .start(
                            () -> {
                              String k = key("shared-" + i);
                              for (int round = 0; !stop.get(); round++) {
                                try {
                                  client.set(k, k + "@" + round);
                                  Object got = client.get(k);
                                  if (got != null && !got.toString().startsWith(k + "@"))
                                    problems.add(k + " read " + got);
                                } catch (MemcacheConnectionException expected) {
                                  // the request shared the connection the proxy closed, or the
                                  // proxy was briefly taken as down
                                } catch (RuntimeException e) {
                                  problems.add(k + ": " + e);
                                }
                              }
                            }))
            .toList();
    for (int i = 0; i < 10; i++) {
      assertThrows(MemcacheConnectionException.class, client::stats);
      Thread.sleep(30);
    }
    stop.set(true);
    for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(10)), "a caller hangs");
    assertEquals(List.of(), List.copyOf(problems));
    String k = key("after");
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (true) { // within the retry delay if the proxy was taken as down
      try {
        assertTrue(client.set(k, "back"));
        break;
      } catch (MemcacheConnectionException e) {
        if (System.nanoTime() > deadline) fail("the client did not recover: " + e.getMessage());
        Thread.sleep(20);
      }
    }
    assertEquals("back", client.get(k));
  }

  private static <T> T prompt(java.util.function.Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long took = System.nanoTime() - start;
    if (took > PROMPT_NANOS) fail("took " + took / 1_000_000 + " ms");
    return result;
  }
}
