package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.FailurePolicy;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A closed client is a bug in the caller, never a cache miss: every call of every facade throws
 * {@code IllegalStateException("client is closed")} under every failure policy (futures fail with
 * it).
 */
class ClosedClientIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final Duration TTL = Duration.ofMinutes(1);

  /** Every blocking call, by name; each runs on the facade of the same name below. */
  private static Map<String, Consumer<MemcacheClient>> blockingCalls() {
    Map<String, Consumer<MemcacheClient>> calls = new LinkedHashMap<>();
    calls.put("get", c -> c.get("k"));
    calls.put("get typed", c -> c.get("k", String.class));
    calls.put("getMulti", c -> c.getMulti(List.of("k", "j")));
    calls.put("getMulti of nothing", c -> c.getMulti(List.of()));
    calls.put("gets", c -> c.gets("k"));
    calls.put("getAndTouch", c -> c.getAndTouch("k", TTL));
    calls.put("getsAndTouch", c -> c.getsAndTouch("k", TTL));
    calls.put("set", c -> c.set("k", "v"));
    calls.put("set with ttl", c -> c.set("k", "v", TTL));
    calls.put("add", c -> c.add("k", "v", TTL));
    calls.put("replace", c -> c.replace("k", "v", TTL));
    calls.put("append", c -> c.append("k", "v"));
    calls.put("prepend", c -> c.prepend("k", "v"));
    calls.put("cas", c -> c.cas("k", "v", 1, TTL));
    calls.put("delete", c -> c.delete("k"));
    calls.put("incr", c -> c.incr("k", 1));
    calls.put("decr", c -> c.decr("k", 1));
    calls.put("incr with initial", c -> c.incr("k", 1, 0, TTL));
    calls.put("decr with initial", c -> c.decr("k", 1, 0, TTL));
    calls.put("setMulti", c -> c.setMulti(Map.of("k", "v", "j", "w"), TTL));
    calls.put("setMulti of nothing", c -> c.setMulti(Map.of(), TTL));
    calls.put("deleteMulti", c -> c.deleteMulti(List.of("k", "j")));
    calls.put("deleteMulti of nothing", c -> c.deleteMulti(List.of()));
    calls.put("touch", c -> c.touch("k", TTL));
    calls.put("update", c -> c.update("k", TTL, (String s) -> "v"));
    calls.put("flushAll", MemcacheClient::flushAll);
    calls.put("flushAll later", c -> c.flushAll(Duration.ofSeconds(5)));
    calls.put("stats", MemcacheClient::stats);
    calls.put("stats group", c -> c.stats("settings"));
    calls.put("version", MemcacheClient::version);
    calls.put("verbosity", c -> c.verbosity(1));
    calls.put("noReply().set", c -> c.noReply().set("k", "v", TTL));
    calls.put("noReply().add", c -> c.noReply().add("k", "v", TTL));
    calls.put("noReply().replace", c -> c.noReply().replace("k", "v", TTL));
    calls.put("noReply().append", c -> c.noReply().append("k", "v"));
    calls.put("noReply().prepend", c -> c.noReply().prepend("k", "v"));
    calls.put("noReply().delete", c -> c.noReply().delete("k"));
    calls.put("noReply().incr", c -> c.noReply().incr("k", 1));
    calls.put("noReply().decr", c -> c.noReply().decr("k", 1));
    calls.put("noReply().touch", c -> c.noReply().touch("k", TTL));
    calls.put("noReply().setMulti", c -> c.noReply().setMulti(Map.of("k", "v"), TTL));
    calls.put("noReply().deleteMulti", c -> c.noReply().deleteMulti(List.of("k")));
    calls.put("meta().get", c -> c.meta().get("k", TTL, null));
    calls.put("meta().getOrCompute", c -> c.meta().getOrCompute("k", TTL, () -> "v"));
    calls.put("meta().invalidate", c -> c.meta().invalidate("k", TTL));
    calls.put("meta().incr", c -> c.meta().incr("k", 1, 0, TTL));
    calls.put("meta().decr", c -> c.meta().decr("k", 1, 0, TTL));
    return calls;
  }

  /** Every future call. */
  private static Map<String, Function<MemcacheAsyncClient, CompletableFuture<?>>> asyncCalls() {
    Map<String, Function<MemcacheAsyncClient, CompletableFuture<?>>> calls = new LinkedHashMap<>();
    calls.put("get", c -> c.get("k"));
    calls.put("get typed", c -> c.get("k", String.class));
    calls.put("getMulti", c -> c.getMulti(List.of("k", "j")));
    calls.put("gets", c -> c.gets("k"));
    calls.put("getAndTouch", c -> c.getAndTouch("k", TTL));
    calls.put("getsAndTouch", c -> c.getsAndTouch("k", TTL));
    calls.put("set", c -> c.set("k", "v"));
    calls.put("set with ttl", c -> c.set("k", "v", TTL));
    calls.put("add", c -> c.add("k", "v", TTL));
    calls.put("replace", c -> c.replace("k", "v", TTL));
    calls.put("append", c -> c.append("k", "v"));
    calls.put("prepend", c -> c.prepend("k", "v"));
    calls.put("cas", c -> c.cas("k", "v", 1, TTL));
    calls.put("delete", c -> c.delete("k"));
    calls.put("incr", c -> c.incr("k", 1));
    calls.put("decr", c -> c.decr("k", 1));
    calls.put("incr with initial", c -> c.incr("k", 1, 0, TTL));
    calls.put("decr with initial", c -> c.decr("k", 1, 0, TTL));
    calls.put("setMulti", c -> c.setMulti(Map.of("k", "v", "j", "w"), TTL));
    calls.put("deleteMulti", c -> c.deleteMulti(List.of("k", "j")));
    calls.put("touch", c -> c.touch("k", TTL));
    calls.put("update", c -> c.update("k", TTL, (String s) -> "v"));
    calls.put("flushAll", MemcacheAsyncClient::flushAll);
    calls.put("stats", MemcacheAsyncClient::stats);
    calls.put("version", MemcacheAsyncClient::version);
    calls.put("verbosity", c -> c.verbosity(1));
    return calls;
  }

  /** The client itself, and a view with another value codec: both are closed with the client. */
  static Stream<Arguments> policiesAndClients() {
    List<Arguments> out = new ArrayList<>();
    for (FailurePolicy p : FailurePolicy.values())
      for (String client : List.of("client", "withValueCodec view"))
        out.add(Arguments.of(p, client));
    return out.stream();
  }

  private static MemcacheClient closed(FailurePolicy policy, String which) {
    MemcacheClient client =
        MemcacheClient.builder()
            .servers(memcached.address())
            .protocol(Protocol.META)
            .failurePolicy(policy)
            .build();
    assertTrue(client.set("k", "open"), "works while open");
    MemcacheClient view =
        client.withValueCodec(PythonValueCodec.builder().compressionThreshold(10).build());
    client.close();
    return which.equals("client") ? client : view;
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("policiesAndClients")
  void everyBlockingNoReplyAndMetaCallOnAClosedClientThrowsIllegalState(
      FailurePolicy policy, String which) {
    MemcacheClient client = closed(policy, which);
    for (Map.Entry<String, Consumer<MemcacheClient>> call : blockingCalls().entrySet()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> call.getValue().accept(client), call.getKey());
      assertEquals("client is closed", e.getMessage(), call.getKey());
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("policiesAndClients")
  void everyFutureOfAClosedClientFailsWithIllegalStateAndTheCallItselfDoesNotThrow(
      FailurePolicy policy, String which) throws InterruptedException {
    MemcacheAsyncClient async = closed(policy, which).async();
    for (Map.Entry<String, Function<MemcacheAsyncClient, CompletableFuture<?>>> call :
        asyncCalls().entrySet()) {
      CompletableFuture<?> future = call.getValue().apply(async); // must not throw
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS), call.getKey());
      IllegalStateException cause =
          assertInstanceOf(IllegalStateException.class, e.getCause(), call.getKey());
      assertEquals("client is closed", cause.getMessage(), call.getKey());
    }
  }
}
