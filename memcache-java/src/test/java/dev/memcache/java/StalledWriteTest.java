package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.testkit.HostileServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts and never reads: socket writes block. Callers still fail at their deadline,
 * and the connection whose write stays blocked is closed as stalled.
 */
class StalledWriteTest {
  private static final int CALLERS = 20;
  private static final byte[] VALUE = new byte[512 * 1024];

  @Test
  void everyCallerFailsOnTimeWhenTheServerNeverReads() throws Exception {
    try (HostileServer server = neverReading();
        MemcacheClient client =
            MemcacheClient.builder()
                .servers(server.address())
                .operationTimeout(Duration.ofMillis(500))
                .hangTimeout(Duration.ofSeconds(3)) // far later: a caller must not wait for it
                .build()) {
      List<Outcome> outcomes = setFromEveryCaller(client, CALLERS);
      long maxLateMillis = 0;
      for (Outcome o : outcomes) {
        assertInstanceOf(MemcacheTimeoutException.class, o.failure(), "" + o.failure());
        maxLateMillis = Math.max(maxLateMillis, o.millis() - 500);
      }
      System.out.printf(
          "never-reading server, %d callers setting 512 KB, 500 ms timeout: max lateness %d ms%n",
          CALLERS, maxLateMillis);
      assertTrue(maxLateMillis <= 300, "a caller failed " + maxLateMillis + " ms late");
    }
  }

  @Test
  void aWriteBlockedPastTheHangTimeoutClosesTheConnectionAsStalled() throws Exception {
    try (HostileServer server = neverReading();
        MemcacheClient client =
            MemcacheClient.builder()
                .servers(server.address())
                .operationTimeout(Duration.ofSeconds(5))
                .hangTimeout(Duration.ofMillis(500))
                .build()) {
      // More than the socket buffers hold: some requests are in flight, some never written when
      // the connection is closed.
      List<Outcome> outcomes = setFromEveryCaller(client, CALLERS);
      int unsent = 0;
      for (Outcome o : outcomes) {
        MemcacheException e = o.failure();
        assertTrue(e.getMessage().contains("closed as stalled"), e.getMessage());
        if (e.getMessage().contains("before it was sent")) {
          unsent++;
          assertInstanceOf(MemcacheTimeoutException.class, e, "never written: " + e);
        } else {
          assertInstanceOf(MemcacheConnectionException.class, e, "written: " + e);
        }
        assertTrue(o.millis() < 2_500, "failed after " + o.millis() + " ms: " + e);
      }
      System.out.printf(
          "stalled after %d sets of 512 KB: %d never written, the rest in flight%n",
          outcomes.size(), unsent);
      // The stalled connection was dropped: the next request opens a new one.
      assertThrows(MemcacheException.class, () -> client.get("after-stall"));
      assertEquals(2, server.connections(), "the next request opened a fresh connection");
    }
  }

  /**
   * An interrupt does not cut a write: a caller interrupted while its batch waits for room in the
   * socket finishes it or fails with the connection, and the requests of others already in flight
   * are not failed by that interrupt. Here the connection ends only as stalled, at the hang
   * timeout. (Before, a virtual caller interrupted in a blocked socket write closed the socket at
   * once: the bystander failed with "write failed: Closed by interrupt".)
   */
  @Test
  void aCallerInterruptedWhileItsWriteWaitsDoesNotBreakTheConnectionForOthers() throws Exception {
    try (HostileServer server = neverReading();
        MemcacheClient client =
            MemcacheClient.builder()
                .servers(server.address())
                .operationTimeout(Duration.ofSeconds(10))
                .hangTimeout(Duration.ofMillis(1_500))
                .build()) {
      List<Outcome> bystander = new CopyOnWriteArrayList<>();
      Thread first = startSetting(client, "bystander-", 1, new byte[32], bystander).get(0);
      for (int i = 0; i < 500 && server.connections() == 0; i++) Thread.sleep(10);
      assertEquals(1, server.connections(), "no connection");
      Thread.sleep(200); // the bystander's set is written: the socket is empty
      // 60 KB sets: under the write buffer's 64 KB, so callers write them, and 6 MB in all, more
      // than the socket buffers hold: one caller is left in a write that cannot end.
      List<Outcome> outcomes = new CopyOnWriteArrayList<>();
      List<Thread> callers = startSetting(client, "fill-", 100, new byte[60 * 1024], outcomes);
      Thread.sleep(500);
      long interruptedAt = System.nanoTime();
      for (Thread t : callers) t.interrupt();
      for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(5)), "a caller still blocked");
      assertTrue(first.join(Duration.ofSeconds(5)), "the bystander still waits");
      long bystanderMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
      assertEquals(100, outcomes.size());
      int interrupted = 0;
      for (Outcome o : outcomes) {
        MemcacheException e = o.failure();
        assertTrue(e != null, "a set succeeded on a server that never reads");
        if (e instanceof MemcacheInterruptedException) interrupted++;
        else assertTrue(e.getMessage().contains("closed as stalled"), "" + e);
      }
      assertTrue(interrupted > 0, "no caller saw its interrupt");
      MemcacheException failed = bystander.get(0).failure();
      assertTrue(failed instanceof MemcacheConnectionException, "" + failed);
      assertTrue(
          failed.getMessage().contains("closed as stalled"),
          "the bystander failed by another caller's interrupt: " + failed);
      System.out.printf(
          "100 callers interrupted, %d of them while waiting for replies; the bystander failed"
              + " %d ms later, as stalled%n",
          interrupted, bystanderMillis);
    }
  }

  private record Outcome(long millis, MemcacheException failure) {}

  private static List<Outcome> setFromEveryCaller(MemcacheClient client, int n) throws Exception {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<Thread> callers = startSetting(client, "big-", n, VALUE, outcomes);
    for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(10)), "caller still blocked");
    assertEquals(n, outcomes.size());
    for (Outcome o : outcomes) assertTrue(o.failure() != null, "a set succeeded on no server");
    return outcomes;
  }

  /** Starts {@code n} virtual callers, each setting its own key to {@code value} once. */
  private static List<Thread> startSetting(
      MemcacheClient client, String prefix, int n, byte[] value, List<Outcome> outcomes) {
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = prefix + i;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long start = System.nanoTime();
                    try {
                      client.set(key, value);
                      outcomes.add(new Outcome(-1, null));
                    } catch (MemcacheException e) {
                      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                      outcomes.add(new Outcome(ms, e));
                    }
                  }));
    }
    return callers;
  }

  /**
   * A loopback server whose sockets never read, with a small fixed receive buffer (no autotuning to
   * 32 MB), so the client's writes block soon.
   */
  private static HostileServer neverReading() throws IOException {
    return HostileServer.start(64 * 1024).otherwise(HostileServer.Script.script().neverRead());
  }
}
