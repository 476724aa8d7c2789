package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.Protocol;
import dev.memcache.testkit.HostileServer;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * close() drains every connection at once and always returns: on a paused server its connections
 * wait for replies in parallel, not one after another; on a server that never reads it returns
 * within the connect timeout and two seconds. Callers still waiting fail with a connection error.
 */
class GracefulCloseIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  /** The documented bound of close(): the connect timeout (1 s by default) and two seconds. */
  private static final long CLOSE_BOUND_MS = 3_000;

  private static final int CALLERS = 16;

  @Test
  void closeOfFourConnectionsOnAPausedServerIsBounded() throws Exception {
    MemcacheClient client =
        MemcacheClient.builder()
            .servers(memcached.address())
            .connectionsPerServer(4)
            .operationTimeout(Duration.ofSeconds(20))
            .hangTimeout(Duration.ofSeconds(20))
            .build();
    List<Thread> callers = new ArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try {
      // Platform threads of consecutive ids: every one of the 4 connections gets callers.
      runOnEveryThread(() -> client.get("warm"), failures);
      assertEquals(List.of(), failures, "warm-up on a running server");
      memcached.server().pause();
      for (int i = 0; i < CALLERS; i++) {
        callers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        client.get("paused");
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      Thread.sleep(300); // the gets are in flight on every connection
      long start = System.nanoTime();
      client.close();
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "close() of 4 connections with gets in flight on a paused server: %d ms%n", ms);
      assertTrue(ms < CLOSE_BOUND_MS, "close() took " + ms + " ms");
      for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(5)), "a caller still waits");
      assertEquals(CALLERS, failures.size(), "every waiting caller fails");
      for (Throwable t : failures) assertInstanceOf(MemcacheConnectionException.class, t);
    } finally {
      memcached.server().resume();
      client.close();
    }
  }

  @Test
  void closeReturnsWhenTheServerNeverReads() throws Exception {
    try (HostileServer server =
        HostileServer.start(64 * 1024).otherwise(HostileServer.Script.script().neverRead())) {
      MemcacheClient client =
          MemcacheClient.builder()
              .servers(server.address())
              .operationTimeout(Duration.ofSeconds(20))
              .hangTimeout(Duration.ofSeconds(20)) // the sweeper does not step in
              .build();
      byte[] value = new byte[512 * 1024];
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String key = "big-" + i;
        callers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        client.set(key, value);
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }));
      }
      Thread.sleep(300); // writes are blocked: the server's buffers are full
      long start = System.nanoTime();
      client.close();
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("close() with writes blocked on a server that never reads: %d ms%n", ms);
      assertTrue(ms < CLOSE_BOUND_MS, "close() took " + ms + " ms");
      for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(5)), "a caller still waits");
      assertEquals(8, failures.size(), "no set succeeded: " + failures);
      for (Throwable t : failures) assertInstanceOf(MemcacheException.class, t);
    }
  }

  /**
   * close() while the connect is under way waits for it (at most connectTimeout); when the connect
   * fails (here the SASL handshake gets no answer), the queued write fails with the connect's
   * error, as it would without close().
   */
  @Test
  void closeWhileAConnectFailsLetsTheQueuedWriteFailWithTheConnectError() throws Exception {
    try (HostileServer server =
        HostileServer.start().otherwise(HostileServer.Script.script().neverReply())) {
      MemcacheClient client =
          MemcacheClient.builder()
              .servers(server.address())
              .protocol(Protocol.BINARY)
              .sasl("user", "password") // the handshake waits for an answer that never comes
              .connectTimeout(Duration.ofMillis(600))
              .build();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      client.noReply().set("k", "v", Duration.ofMinutes(1));
                    } catch (Throwable t) {
                      failures.add(t);
                    }
                  });
      Thread.sleep(150); // connected, handshake under way, the write queued
      long start = System.nanoTime();
      client.close();
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("close() while the connect fails: %d ms%n", ms);
      assertTrue(ms < CLOSE_BOUND_MS, "close() took " + ms + " ms");
      assertTrue(writer.join(Duration.ofSeconds(5)), "the writer still waits");
      assertEquals(1, failures.size(), "the write failed");
      MemcacheConnectionException e =
          assertInstanceOf(MemcacheConnectionException.class, failures.get(0));
      assertFalse(e.getMessage().contains("the client was closed"), e.getMessage());
    }
  }

  private static void runOnEveryThread(Runnable r, List<Throwable> failures)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      r.run();
                    } catch (Throwable t) {
                      failures.add(t);
                    }
                  }));
    }
    for (Thread t : threads) t.join();
  }
}
