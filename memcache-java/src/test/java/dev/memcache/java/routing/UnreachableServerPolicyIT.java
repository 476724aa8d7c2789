package dev.memcache.java.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The middle of three servers is a refused port (its memcached killed) or a host name that does not
 * resolve: its keys get a prompt outcome per policy, and the other servers' keys are unharmed.
 */
class UnreachableServerPolicyIT extends OneOfThreeServersFails {
  private static final long PROMPT_NANOS = Duration.ofSeconds(1).toNanos();

  static Stream<Arguments> policiesAndUnreachableServers() {
    List<Arguments> out = new ArrayList<>();
    for (FailurePolicy p : FailurePolicy.values())
      for (String bad : List.of("refused port", "unknown host")) out.add(Arguments.of(p, bad));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("policiesAndUnreachableServers")
  void theUnreachableServersKeysGetThePolicysOutcomePromptly(
      FailurePolicy policy, String unreachable) {
    String bad =
        unreachable.equals("unknown host") ? "no-such-host.invalid:11211" : victim().address();
    victim().kill();
    List<String> servers = new ArrayList<>(fleet().addresses());
    servers.set(VICTIM, bad);
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(servers)
            .distribution(Distribution.PYMEMCACHE_RENDEZVOUS)
            .failurePolicy(policy)
            .operationTimeout(OPERATION_TIMEOUT)
            .connectTimeout(OPERATION_TIMEOUT)
            .build()) {
      Predicate<String> onBad = onVictim(client.config());
      List<String> badKeys =
          Stream.iterate(0, i -> i + 1).map(i -> "u:" + i).filter(onBad).limit(20).toList();
      String live =
          Stream.iterate(0, i -> i + 1)
              .map(i -> "live:" + i)
              .filter(onBad.negate())
              .findFirst()
              .orElseThrow();
      assertTrue(client.set(live, "here"));
      switch (policy) {
        case FAIL_FAST -> {
          for (String k : badKeys) {
            MemcacheConnectionException e =
                assertThrows(
                    MemcacheConnectionException.class, () -> prompt(() -> client.get(k)), k);
            assertTrue(e.getMessage().contains(bad), "names the server: " + e.getMessage());
            assertThrows(
                MemcacheConnectionException.class, () -> prompt(() -> client.set(k, "v")), k);
          }
          assertThrows(
              MemcacheConnectionException.class,
              () -> client.getMulti(List.of(live, badKeys.get(0))));
        }
        case MISS -> {
          for (String k : badKeys) {
            assertNull(prompt(() -> client.get(k)), k);
            assertFalse(prompt(() -> client.set(k, "v")), k);
            assertFalse(prompt(() -> client.delete(k)), k);
            assertNull(prompt(() -> client.incr(k, 1)), k);
          }
          assertEquals(Map.of(live, "here"), client.getMulti(List.of(live, badKeys.get(0))));
        }
        case REDISTRIBUTE -> {
          long firstFailure = 0;
          for (String k : badKeys) {
            while (true) {
              try {
                assertTrue(prompt(() -> client.set(k, "moved:" + k)), k);
                break;
              } catch (MemcacheConnectionException e) {
                // until failureLimit (2) connects have failed, 50 ms apart: the connect guard fails
                // callers meanwhile
                assertTrue(e.getMessage().contains(bad), "names the server: " + e.getMessage());
                if (firstFailure == 0) firstFailure = System.nanoTime();
                if (System.nanoTime() - firstFailure > PROMPT_NANOS)
                  fail("not redistributed after 1 s: " + e.getMessage());
                sleep(10);
              }
            }
            assertEquals("moved:" + k, prompt(() -> client.get(k)), k);
          }
          Map<String, byte[]> onLiveServers =
              new java.util.HashMap<>(MemcachedFleet.valuesOn(fleet().servers().get(0), badKeys));
          onLiveServers.putAll(MemcachedFleet.valuesOn(fleet().servers().get(2), badKeys));
          assertEquals(
              badKeys.size(),
              onLiveServers.size(),
              "every key of the unreachable server is on a live server (raw get)");
          assertEquals(
              Map.of(live, "here", badKeys.get(0), "moved:" + badKeys.get(0)),
              client.getMulti(List.of(live, badKeys.get(0))));
        }
      }
      assertEquals("here", client.get(live), "a live server's key is unharmed");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs {@code call}, failing the test when it (returning or throwing) took over a second. */
  private static <T> T prompt(java.util.function.Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      long took = System.nanoTime() - start;
      if (took > PROMPT_NANOS) fail("a call took " + took / 1_000_000 + " ms");
    }
  }
}
