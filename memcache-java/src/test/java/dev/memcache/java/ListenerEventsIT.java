package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import dev.memcache.core.event.RequestEvent.Outcome;
import dev.memcache.java.RecordingListener.Finished;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A recording listener on a client of two real memcached: what it hears of requests, connections
 * and servers, and on which threads.
 */
class ListenerEventsIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(2);

  static MemcachedFleet fleet() {
    return servers.fleet();
  }

  static MemcacheClient.Builder client(MemcacheListener listener) {
    return MemcacheClient.builder().servers(fleet().addresses()).listener(listener);
  }

  static List<String> keys(String prefix, int n) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) keys.add(prefix + i);
    return keys;
  }

  static String thread() {
    return Thread.currentThread().getName() + "#" + Thread.currentThread().threadId();
  }

  @Test
  void hundredSetsAndHundredGetsAreTwoHundredEventsWithTheirServersAndOutcomes() {
    RecordingListener heard = new RecordingListener();
    List<String> keys = keys("ev-", 100);
    try (MemcacheClient client = client(heard).build()) {
      for (String k : keys) assertTrue(client.set(k, "value-of-" + k));
      for (int i = 0; i < keys.size(); i++) {
        // every other get asks for a key nobody stored: a miss
        client.get(i % 2 == 0 ? keys.get(i) : "absent-" + i);
      }
    }
    List<String> misses = new ArrayList<>();
    for (int i = 1; i < 100; i += 2) misses.add("absent-" + i);
    int[] where = fleet().locate(keys); // where each key really is
    List<MemcachedServer> all = fleet().servers();
    assertEquals(200, heard.finished.size(), "one event per request");
    assertEquals(200, heard.started.size());
    List<Finished> sets = heard.finished(e -> e.operation().equals("set"));
    List<Finished> gets = heard.finished(e -> e.operation().equals("get"));
    assertEquals(100, sets.size());
    assertEquals(100, gets.size());
    Map<String, Integer> perServer = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      RequestEvent set = sets.get(i).event();
      assertEquals(Outcome.STORED, set.outcome());
      assertEquals(all.get(where[i]).address(), set.server().toString(), "set " + keys.get(i));
      assertEquals(Protocol.TEXT, set.protocol());
      assertEquals(1, set.keys());
      assertNull(set.error());
      assertTrue(set.bytesOut() > keys.get(i).length() + "value-of-".length(), set.toString());
      assertEquals(0, set.bytesIn());
      assertTrue(set.wireNanos() > 0, "a set waits for its reply on the wire");
      assertTrue(set.queuedNanos() >= 0);
      perServer.merge(set.server().toString(), 1, Integer::sum);
      RequestEvent get = gets.get(i).event();
      if (i % 2 == 0) {
        assertEquals(Outcome.HIT, get.outcome(), keys.get(i));
        assertEquals(all.get(where[i]).address(), get.server().toString());
        assertEquals(("value-of-" + keys.get(i)).length(), get.bytesIn());
      } else {
        assertEquals(Outcome.MISS, get.outcome());
        assertEquals(0, get.bytesIn());
      }
    }
    assertEquals(2, perServer.size(), "both servers served sets: " + perServer);
    for (Finished f : heard.finished) {
      // blocking calls: started and finished on the caller's thread (this test's)
      assertEquals(thread(), f.startedOn());
      assertEquals(thread(), f.finishedOn());
    }
  }

  @Test
  void multiGetAcrossTwoServersIsOneEventPerServerWithItsKeys() {
    RecordingListener heard = new RecordingListener();
    List<String> keys = keys("multi-", 40);
    try (MemcacheClient client = client(heard).build()) {
      for (int i = 0; i < keys.size(); i += 2) client.set(keys.get(i), "v" + i); // half stored
      heard.finished.clear();
      Map<String, Object> got = client.getMulti(keys);
      assertEquals(20, got.size());
    }
    int[] where = fleet().locate(keys);
    List<Finished> multi = heard.finished(e -> e.operation().equals("get_multi"));
    assertEquals(2, multi.size(), "one event per server: " + multi);
    int keysSeen = 0;
    for (Finished f : multi) {
      RequestEvent e = f.event();
      int onThisServer = 0;
      for (int i = 0; i < keys.size(); i++) {
        if (i % 2 == 0 && fleet().servers().get(where[i]).address().equals(e.server().toString())) {
          onThisServer++;
        }
      }
      assertEquals(onThisServer > 0 ? Outcome.HIT : Outcome.MISS, e.outcome());
      keysSeen += e.keys();
      assertTrue(e.bytesIn() >= 2L * onThisServer, "values came back: " + e);
    }
    assertEquals(40, keysSeen, "every key asked, once");
  }

  @Test
  void bulkWritesAreOneEventPerKeyOnItsServer() {
    RecordingListener heard = new RecordingListener();
    List<String> keys = keys("bulk-", 30);
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (String k : keys) values.put(k, "v-" + k);
    int[] where;
    try (MemcacheClient client = client(heard).build()) {
      client.setMulti(values, Duration.ofMinutes(1));
      where = fleet().locate(keys); // where each key really is, before it is deleted
      List<String> deletes = new ArrayList<>(keys);
      deletes.add("bulk-absent");
      client.deleteMulti(deletes);
    }
    List<Finished> sets = heard.finished(e -> e.operation().equals("set"));
    List<Finished> deletes = heard.finished(e -> e.operation().equals("delete"));
    assertEquals(30, sets.size(), "one event per key written: " + heard.finished);
    assertEquals(31, deletes.size(), "one event per key deleted");
    for (int i = 0; i < keys.size(); i++) {
      RequestEvent set = sets.get(i).event();
      assertEquals(Outcome.STORED, set.outcome());
      assertEquals(fleet().servers().get(where[i]).address(), set.server().toString());
      assertEquals(Outcome.OK, deletes.get(i).event().outcome(), "deleted: " + keys.get(i));
    }
    assertEquals(Outcome.MISS, deletes.get(30).event().outcome(), "absent: a miss");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noreplyWritesDeletesCountersAndStatsHaveTheirOutcomes(Protocol protocol) {
    RecordingListener heard = new RecordingListener();
    try (MemcacheClient client = client(heard).protocol(protocol).build()) {
      client.noReply().set("nr", "x", Duration.ZERO);
      assertFalse(
          client.add("nr-add", "a", Duration.ZERO) && client.add("nr-add", "b", Duration.ZERO));
      assertTrue(client.delete("nr-add"));
      assertFalse(client.delete("nr-add"));
      client.set("counter", 1L);
      assertEquals(3L, client.incr("counter", 2));
      assertNull(client.incr("no-counter", 2));
      long cas = client.gets("counter").cas();
      assertFalse(client.cas("counter", 9L, cas + 1, Duration.ZERO));
      assertEquals(2, client.stats().size());
    }
    Map<String, List<Outcome>> byOperation = new HashMap<>();
    for (Finished f : heard.finished) {
      byOperation
          .computeIfAbsent(f.event().operation(), o -> new ArrayList<>())
          .add(f.event().outcome());
    }
    assertEquals(List.of(Outcome.NOREPLY, Outcome.STORED), byOperation.get("set"));
    assertEquals(List.of(Outcome.STORED, Outcome.NOT_STORED), byOperation.get("add"));
    assertEquals(List.of(Outcome.OK, Outcome.MISS), byOperation.get("delete"));
    assertEquals(List.of(Outcome.OK, Outcome.MISS), byOperation.get("incr"));
    assertEquals(List.of(Outcome.HIT), byOperation.get("gets"));
    assertEquals(List.of(Outcome.EXISTS), byOperation.get("cas"));
    assertEquals(List.of(Outcome.OK, Outcome.OK), byOperation.get("stats"), "one per server");
    for (Finished f : heard.finished(e -> e.operation().equals("stats")))
      assertEquals(0, f.event().keys());
    for (Finished f : heard.finished) {
      assertEquals(protocol, f.event().protocol());
      assertTrue(f.event().bytesOut() > 0, f.event().toString());
    }
  }

  @Test
  void futuresFinishOnTheCompletingThreadNeverOnAReader() throws Exception {
    RecordingListener heard = new RecordingListener();
    try (MemcacheClient client = client(heard).build()) {
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(client.async().set("f" + i, "v"));
        all.add(client.async().get("f" + i));
      }
      all.add(client.async().getMulti(keys("f", 50)));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    }
    assertTrue(RecordingListener.await(() -> heard.finished.size() == 102, Duration.ofSeconds(5)));
    for (Finished f : heard.finished) {
      assertEquals(thread(), f.startedOn(), "started on the caller's thread");
      assertFalse(f.finishedOn().startsWith("memcache-reader"), f.finishedOn());
      assertTrue(f.finishedOn().startsWith("memcache-complete"), f.finishedOn());
    }
  }

  @Test
  void aListenerThatThrowsNeverReachesTheCallerNorBreaksTheConnection() {
    RecordingListener heard = new RecordingListener();
    MemcacheListener throwing =
        new MemcacheListener() {
          @Override
          public Object requestStarted(String operation, ServerAddress server) {
            throw new IllegalStateException("boom at start");
          }

          @Override
          public void requestFinished(RequestEvent event, Object started) {
            throw new IllegalStateException("boom at finish");
          }

          @Override
          public void connectionOpened(ServerAddress server) {
            throw new IllegalStateException("boom at open");
          }
        };
    try (MemcacheClient client = client(throwing).listener(heard).build()) {
      for (int i = 0; i < 200; i++) {
        assertTrue(client.set("t" + i, "v" + i));
        assertEquals("v" + i, client.get("t" + i));
      }
      assertEquals(2, client.async().version().join().size());
    }
    assertEquals(402, heard.finished.size(), "the next listener still hears everything");
    assertEquals(2, heard.states("opened").size(), "one connection per server, never broken");
    assertTrue(heard.states("broken").isEmpty(), heard.states.toString());
  }

  @Test
  void aKilledServerBreaksItsConnectionIsMarkedDownAndComesBackUp() throws Exception {
    RecordingListener heard = new RecordingListener();
    MemcachedServer victim = fleet().servers().get(0);
    ServerAddress victimAddress = ServerAddress.parse(victim.address());
    CapturedLog log = new CapturedLog();
    try (MemcacheClient client =
        client(heard)
            .failureLimit(2)
            .retryDelay(Duration.ofMillis(100))
            .connectTimeout(Duration.ofMillis(200))
            .operationTimeout(Duration.ofMillis(500))
            .build()) {
      List<String> keys = keys("kill-", 20);
      for (String k : keys) client.set(k, "v");
      assertEquals(2, heard.states("opened").size());
      victim.kill();
      // Requests to the dead server fail until it is marked down (failureLimit connect failures).
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (heard.states("down").isEmpty() && System.nanoTime() < deadline) {
        for (String k : keys) {
          try {
            client.get(k);
          } catch (MemcacheException expected) {
            // the outage, seen by callers
          }
        }
        Thread.sleep(20);
      }
      assertEquals(1, heard.states("down").size(), heard.states.toString());
      RecordingListener.StateEvent down = heard.states("down").get(0);
      assertEquals(victimAddress, down.server());
      assertInstanceOf(MemcacheConnectionException.class, down.detail());
      List<RecordingListener.StateEvent> broken = heard.states("broken");
      assertTrue(broken.size() >= 2, "the killed connection, then failed connects: " + broken);
      for (RecordingListener.StateEvent b : broken) assertEquals(victimAddress, b.server());
      assertTrue(heard.states("up").isEmpty());
      List<Finished> failed = heard.finished(RequestEvent::failed);
      assertFalse(failed.isEmpty(), "failed requests are events too");
      for (Finished f : failed) {
        assertEquals(victimAddress, f.event().server());
        assertInstanceOf(MemcacheException.class, f.event().error());
      }

      victim.start();
      assertTrue(
          RecordingListener.await(() -> !heard.states("up").isEmpty(), Duration.ofSeconds(10)),
          "a probe finds the server back: " + heard.states);
      assertEquals(victimAddress, heard.states("up").get(0).server());
      for (String k : keys) client.set(k, "again");
    } finally {
      log.close();
      if (!victim.isRunning()) victim.start();
    }
    assertTrue(heard.states("closed").size() >= 2, "client close: " + heard.states("closed"));
    List<String> lines = log.lines();
    String victimName = victim.address();
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("WARNING") && l.contains(victimName + ": connection broken")),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.startsWith("WARNING") && l.contains(victimName + " marked down after 2")),
        lines.toString());
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.startsWith("INFO") && l.contains(victimName + " is back up")),
        lines.toString());
    assertTrue(lines.size() < 10, "state changes only, never a line per request: " + lines);
    for (String l : lines) assertTrue(l.startsWith("WARNING") || l.startsWith("INFO"), l);
  }
}
