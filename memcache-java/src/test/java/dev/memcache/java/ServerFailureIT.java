package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.MemcachedServer;
import dev.memcache.testkit.Workers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Servers that die, restart, hang or are not there: clear exceptions, no mix-ups, recovery. */
class ServerFailureIT {
  @RegisterExtension MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void killedAndRestartedServerFailsCleanlyAndRecoversOnItsOwn() throws Exception {
    MemcachedServer server = memcached.server();
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(server.address())
            .operationTimeout(Duration.ofMillis(500))
            .retryDelay(Duration.ofMillis(100))
            .build()) {
      ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      Workers load = new Workers();
      for (int t = 0; t < 100; t++) {
        int id = t;
        load.start(
            () -> {
              for (int round = 0; !stop.get() && round < 1_000_000; round++) {
                String key = "k" + id + ":" + (round % 5);
                try {
                  client.set(key, key + "@" + round);
                  Object got = client.get(key);
                  if (got != null && !((String) got).startsWith(key + "@"))
                    wrong.add(key + " -> " + got);
                  ok.incrementAndGet();
                } catch (MemcacheConnectionException | MemcacheTimeoutException e) {
                  failed.incrementAndGet();
                  assertTrue(e.getMessage().contains(server.address()), e.getMessage());
                } catch (Throwable e) {
                  unexpected.add(e);
                }
              }
            });
      }
      Thread.sleep(300);
      server.kill();
      Thread.sleep(500);
      long okWhileDown = ok.get();
      Thread.sleep(300);
      // A few were in flight at kill time.
      assertTrue(ok.get() - okWhileDown < 100, "no success without a server");
      server.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long okAtRestart = ok.get();
      while (ok.get() < okAtRestart + 1000 && System.nanoTime() < deadline) Thread.sleep(20);
      stop.set(true);
      load.joinAll(Duration.ofSeconds(10));
      assertTrue(wrong.isEmpty(), "values crossed callers: " + wrong.peek());
      assertTrue(unexpected.isEmpty(), "unexpected failure: " + unexpected.peek());
      assertTrue(failed.get() > 0, "the outage must be visible to callers");
      assertTrue(
          ok.get() >= okAtRestart + 1000, "the client recovers by itself once the server is back");
      client.set("after", "restart");
      assertEquals("restart", client.get("after"));
    }
  }

  @Test
  void hungServerTimesOutThenConnectionIsReplacedAndRecovers() throws Exception {
    MemcachedServer server = memcached.server();
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(server.address())
            .operationTimeout(Duration.ofMillis(200))
            .hangTimeout(Duration.ofMillis(600))
            .build()) {
      client.set("k", "v");
      server.pause();
      MemcacheException first = assertThrows(MemcacheTimeoutException.class, () -> client.get("k"));
      assertTrue(first.getMessage().contains("timed out"), first.getMessage());
      // Callers keep coming; once the oldest request is past the hang timeout the connection is
      // closed and the callers still waiting on it get a connection error naming the hang.
      ConcurrentLinkedQueue<String> hung = new ConcurrentLinkedQueue<>();
      Workers callers = new Workers();
      for (int t = 0; t < 10; t++) {
        callers.start(
            () -> {
              for (int i = 0; i < 15; i++) {
                try {
                  client.get("k");
                } catch (MemcacheConnectionException e) {
                  hung.add(e.getMessage());
                } catch (MemcacheTimeoutException e) {
                  // waiting for the hang timeout
                }
              }
            });
        Thread.sleep(40);
      }
      callers.joinAll(Duration.ofSeconds(20));
      boolean closedAsHung = hung.stream().anyMatch(m -> m.contains("hung"));
      server.resume();
      assertTrue(
          closedAsHung,
          "a hung server's connection must be closed and its requests failed: " + hung);
      Object got = null;
      for (int i = 0; i < 20 && got == null; i++) {
        try {
          got = client.get("k");
        } catch (MemcacheTimeoutException | MemcacheConnectionException e) {
          Thread.sleep(50);
        }
      }
      assertEquals("v", got);
    }
  }

  @Test
  void refusedPortAndUnknownHostFailPromptlyAndClearly() {
    int port = memcached.server().port();
    memcached.server().kill();
    // One failure marks the server down until its retry delay has passed. With the default limit
    // of two, only a 50 ms guard after the failed connect answered "is down": run alone, the cold
    // unknown-host lookup below outlasted it, the async get connected afresh and failed with the
    // socket's ConnectException as cause, which the old unwrapping then took for the failure.
    try (MemcacheClient refused =
            MemcacheClient.builder().servers("127.0.0.1:" + port).failureLimit(1).build();
        MemcacheClient unknown =
            MemcacheClient.builder().servers("no-such-host.invalid:11211").build()) {
      long start = System.nanoTime();
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> refused.get("k"));
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
      MemcacheConnectionException down =
          assertThrows(MemcacheConnectionException.class, () -> refused.get("k"));
      assertTrue(
          down.getMessage().contains("is down"),
          "fails fast during the retry delay: " + down.getMessage());
      long lookup = System.nanoTime();
      MemcacheConnectionException u =
          assertThrows(MemcacheConnectionException.class, () -> unknown.get("k"));
      System.out.printf(
          "refused port and unknown host: the unknown host failed after %d ms, %d ms in all%n",
          (System.nanoTime() - lookup) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
      assertTrue(u.getMessage().contains("no-such-host.invalid"), u.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000, "prompt");
      // The future fails with the exception itself; a dependent stage would wrap it
      Throwable async = refused.async().get("k").handle((v, x) -> x).join();
      if (async instanceof CompletionException wrapped) async = wrapped.getCause();
      assertInstanceOf(MemcacheConnectionException.class, async);
      assertTrue(async.getMessage().contains("127.0.0.1:" + port + " is down"), async.getMessage());
    }
  }

  @Test
  void badServerAddressesAreRejectedAtBuildTime() {
    for (String bad :
        List.of("", "host:0", "host:70000", "host:port", "::1:11211", "host:11211 0", "a b:1")) {
      assertThrows(
          IllegalArgumentException.class, () -> MemcacheClient.builder().servers(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> MemcacheClient.builder().build());
  }
}
