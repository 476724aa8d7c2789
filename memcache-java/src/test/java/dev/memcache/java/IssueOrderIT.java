package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests one thread issues one after another reach the server in that order, also while the
 * connection is opening, re-opening, or full.
 */
class IssueOrderIT {
  @RegisterExtension MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void aFreshClientsAsyncSetIsSeenByTheAsyncGetIssuedRightAfterIt() {
    int misses = 0;
    for (int run = 0; run < 200; run++) {
      try (MemcacheClient client = client(4096)) {
        String key = "fresh-" + run;
        CompletableFuture<Boolean> set = client.async().set(key, "v" + run);
        CompletableFuture<Object> get = client.async().get(key);
        assertTrue(set.join());
        if (!("v" + run).equals(get.join())) misses++;
      }
    }
    assertEquals(0, misses, "gets that overtook the set before them, of 200");
  }

  @Test
  void aFreshClientsNoReplySetIsSeenByTheAsyncGetIssuedRightAfterIt() {
    int misses = 0;
    for (int run = 0; run < 100; run++) {
      try (MemcacheClient client = client(4096)) {
        String key = "fresh-noreply-" + run;
        client.noReply().set(key, "v" + run, Duration.ZERO);
        if (!("v" + run).equals(client.async().get(key).join())) misses++;
      }
    }
    assertEquals(0, misses, "gets that overtook the noreply set before them, of 100");
  }

  @Test
  void asyncSetThenGetKeepTheirOrderWhileTheConnectionReopens() throws Exception {
    MemcachedServer server = memcached.server();
    try (MemcacheClient client = client(4096)) {
      int checked = 0, misses = 0;
      for (int round = 0; round < 15; round++) {
        assertTrue(client.set("warm", "up")); // the connection is open
        server.restart(); // the client sees its connection break and opens a new one
        Thread.sleep(50); // time for its reader to see the old connection close
        List<CompletableFuture<Boolean>> sets = new ArrayList<>();
        List<CompletableFuture<Object>> gets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String key = "reopen-" + round + "-" + i;
          sets.add(client.async().set(key, key));
          gets.add(client.async().get(key));
        }
        for (int i = 0; i < sets.size(); i++) {
          String key = "reopen-" + round + "-" + i;
          if (outcome(sets.get(i)) != Boolean.TRUE) continue; // a failed set proves nothing
          checked++;
          if (!key.equals(outcome(gets.get(i)))) misses++;
        }
      }
      assertTrue(checked > 100, "sets that succeeded after a reconnect: " + checked);
      assertEquals(0, misses, "gets that overtook their set after a reconnect, of " + checked);
    }
  }

  @Test
  void asyncRequestsWaitingForAnInFlightSlotKeepTheirOrder() {
    try (MemcacheClient client = client(2)) {
      List<CompletableFuture<Boolean>> sets = new ArrayList<>();
      List<CompletableFuture<Object>> gets = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        sets.add(client.async().set("slot", "v" + i));
        gets.add(client.async().get("slot"));
      }
      for (int i = 0; i < gets.size(); i++) {
        assertTrue(sets.get(i).join());
        assertEquals("v" + i, gets.get(i).join(), "the get right after set " + i);
      }
    }
  }

  private MemcacheClient client(int maxInFlight) {
    return MemcacheClient.builder()
        .servers(memcached.address())
        .operationTimeout(Duration.ofSeconds(2))
        .maxInFlight(maxInFlight)
        .build();
  }

  private static Object outcome(CompletableFuture<?> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
