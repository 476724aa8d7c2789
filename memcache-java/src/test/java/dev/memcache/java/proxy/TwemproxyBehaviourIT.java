package dev.memcache.java.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.protocols.BehaviourCases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite's text cases, unchanged, through twemproxy (all but get-and-touch, which it
 * lacks).
 */
class TwemproxyBehaviourIT extends BehindTwemproxy {
  private final BehaviourCases cases = new BehaviourCases(client, BehindTwemproxy::key);

  @Test
  void getOfAMissingKeyReturnsNull() {
    cases.getOfAMissingKeyReturnsNull();
  }

  @Test
  void valuesOfEveryKindRoundTrip() {
    cases.valuesOfEveryKindRoundTrip();
  }

  @Test
  void casSucceedsOnlyWithTheCurrentCasId() {
    cases.casSucceedsOnlyWithTheCurrentCasId();
  }

  @Test
  void addReplaceAppendAndPrependReportWhetherTheyStored() {
    cases.addReplaceAppendAndPrependReportWhetherTheyStored();
  }

  @Test
  void deleteAndTouchReportWhetherTheKeyExisted() {
    cases.deleteAndTouchReportWhetherTheKeyExisted();
  }

  @Test
  void countersAreUnsignedDecrStopsAtZeroAndIncrWraps() {
    cases.countersAreUnsignedDecrStopsAtZeroAndIncrWraps();
  }

  @Test
  void incrOfANonNumericValueIsAClientErrorAndTheConnectionStays() {
    cases.incrOfANonNumericValueIsAClientErrorAndTheConnectionStays();
  }

  @Test
  void multiGetReturnsHitsOnlyAcrossManyRequests() {
    cases.multiGetReturnsHitsOnlyAcrossManyRequests();
  }

  @Test
  void noreplyWritesApplyAndTheirFailuresDoNotDesynchronise() {
    cases.noreplyWritesApplyAndTheirFailuresDoNotDesynchronise();
  }

  @Test
  void updateAndAsyncCallsWork() throws Exception {
    cases.updateAndAsyncCallsWork();
  }

  @Test
  void theProxySpreadsTheClientsKeysOverBothServers() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) keys.add(key("spread"));
    for (String k : keys) assertTrue(client.set(k, "v"));
    int[] where = fleet.locate(keys);
    int[] perServer = new int[2];
    for (int w : where) perServer[w]++; // -1 (nowhere) would throw here
    assertTrue(
        perServer[0] > 0 && perServer[1] > 0,
        "keys per server: " + perServer[0] + ", " + perServer[1]);
  }

  @Test
  void badKeysAreRejectedBeforeAnythingReachesTheProxy() {
    List<String> bad =
        List.of(
            "",
            "k".repeat(251),
            "two words",
            "foo\r\nflush_all",
            "tab\tkey",
            "nul\0key",
            "new\nline");
    List<Consumer<String>> operations =
        List.of(
            k -> client.get(k),
            k -> client.set(k, "v"),
            k -> client.delete(k),
            k -> client.incr(k, 1),
            k -> client.touch(k, Duration.ofSeconds(1)),
            k -> client.getMulti(List.of("fine", k)),
            k -> client.noReply().set(k, "v", Duration.ZERO),
            k -> client.cas(k, "v", 1, Duration.ZERO));
    try (MemcacheClient direct = MemcacheClient.builder().servers(fleet.addresses()).build()) {
      long before = commandsSeen(direct);
      for (String k : bad) {
        for (Consumer<String> op : operations)
          assertThrows(InvalidKeyException.class, () -> op.accept(k), "key " + k);
      }
      assertEquals(before, commandsSeen(direct), "no command reached the servers behind the proxy");
    }
    String k = key("after-bad-keys");
    assertTrue(client.set(k, "fine"));
    assertEquals("fine", client.get(k));
  }

  /** Commands the servers behind the proxy have seen, summed (asked of them directly). */
  private static long commandsSeen(MemcacheClient direct) {
    long sum = 0;
    for (Map<String, String> s : direct.stats().values()) {
      for (String n :
          List.of(
              "cmd_get",
              "cmd_set",
              "cmd_touch",
              "delete_misses",
              "delete_hits",
              "incr_misses",
              "incr_hits")) {
        sum += Long.parseLong(s.get(n));
      }
    }
    return sum;
  }
}
