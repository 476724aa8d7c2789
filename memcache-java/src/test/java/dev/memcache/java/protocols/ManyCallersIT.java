package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import dev.memcache.testkit.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many virtual threads on one connection, cancellations and server restarts: every reply reaches
 * its own caller.
 */
class ManyCallersIT extends EveryProtocol {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aThousandVirtualThreadsOnOneConnectionEachGetTheirOwnValues(Protocol p) throws Exception {
    MemcacheClient c = client(p); // one connection per server by default
    Workers callers = new Workers();
    for (int i = 0; i < 1000; i++) {
      int id = i;
      callers.start(
          () -> {
            String k = key(p, "own-" + id),
                n = key(p, "own-n-" + id),
                value = "value of caller " + id + " " + "x".repeat(id);
            assertTrue(c.set(k, value));
            c.noReply().set(n, (long) id, Duration.ZERO);
            for (int round = 0; round < 10; round++) {
              assertEquals(value, c.get(k));
              assertEquals(value, c.gets(k).value());
              assertEquals(Map.of(k, value), c.getMulti(List.of(k, key(p, "none"))));
              assertEquals(id + round + 1L, c.incr(n, 1));
              CompletableFuture<Object> abandoned = c.async().get(k);
              // Its reply is drained, never misdelivered
              if (ThreadLocalRandom.current().nextBoolean()) abandoned.cancel(true);
            }
          });
    }
    callers.joinAll(Duration.ofSeconds(120));
  }

  /**
   * Callers of values from 100 bytes to 300 KB share one connection: values past the reader's
   * buffer are read straight from the socket into their own arrays, between the small replies
   * pipelined around them, and abandoned requests' values are read and dropped. Each caller gets
   * its own bytes.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void callersOfBigAndSmallValuesOnOneConnectionEachGetTheirOwnBytes(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    int[] sizes = {100, 16_383, 16_384, 20_000, 70_000, 300_000};
    Workers callers = new Workers();
    for (int i = 0; i < 48; i++) {
      int id = i;
      callers.start(
          () -> {
            String k = key(p, "sized-" + id), small = key(p, "sized-small-" + id);
            byte[] value = new byte[sizes[id % sizes.length]];
            new java.util.Random(id).nextBytes(value); // incompressible: stored as is
            assertTrue(c.set(k, value));
            assertTrue(c.set(small, "small " + id));
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int round = 0; round < 20; round++) {
              assertArrayEquals(value, (byte[]) c.get(k));
              Map<String, Object> got = c.getMulti(List.of(small, k, key(p, "none")));
              assertEquals(2, got.size());
              assertEquals("small " + id, got.get(small));
              assertArrayEquals(value, (byte[]) got.get(k));
              assertArrayEquals(value, (byte[]) c.gets(k).value());
              CompletableFuture<Object> abandoned = c.async().get(k);
              if (random.nextBoolean()) abandoned.cancel(true);
              assertEquals("small " + id, c.get(small));
            }
          });
    }
    callers.joinAll(Duration.ofSeconds(120));
  }

  /**
   * Multi-gets of overlapping keys (repeats included) among plain gets, while other callers store
   * and delete some of those keys: the text protocol puts them on shared lines, and every caller
   * still receives only the keys it asked for, each with its own value; kept keys never go missing.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void multiGetsOfOverlappingKeysEachReceiveTheirOwnKeys(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    List<String> kept = new ArrayList<>(), flapping = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      kept.add(key(p, "kept-" + i));
      flapping.add(key(p, "flap-" + i));
      assertTrue(c.set(kept.get(i), kept.get(i) + "=" + "v".repeat(i * 7)));
    }
    AtomicBoolean stop = new AtomicBoolean();
    Workers writers = new Workers(), readers = new Workers();
    try {
      for (int w = 0; w < 4; w++) {
        writers.start(
            () -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              for (int round = 0; round < 1_000_000 && !stop.get(); round++) {
                String k = flapping.get(random.nextInt(flapping.size()));
                if (random.nextBoolean()) c.set(k, k + "=" + round);
                else c.delete(k);
              }
            });
      }
      for (int r = 0; r < 300; r++) {
        readers.start(
            () -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              for (int round = 0; round < 40; round++) {
                List<String> asked = new ArrayList<>();
                for (int n = 1 + random.nextInt(12); n > 0; n--) {
                  asked.add((random.nextBoolean() ? kept : flapping).get(random.nextInt(20)));
                }
                Map<String, Object> got = c.getMulti(asked);
                for (Map.Entry<String, Object> e : got.entrySet()) {
                  assertTrue(
                      asked.contains(e.getKey()), "received a key not asked for: " + e.getKey());
                  assertTrue(
                      ((String) e.getValue()).startsWith(e.getKey() + "="),
                      e.getKey() + " received " + e.getValue());
                }
                for (String k : asked)
                  if (kept.contains(k)) assertTrue(got.containsKey(k), "kept key missing: " + k);
                String single = kept.get(random.nextInt(20));
                assertTrue(((String) c.get(single)).startsWith(single + "="));
              }
            });
      }
      readers.joinAll(Duration.ofSeconds(120));
    } finally {
      stop.set(true);
    }
    writers.joinAll(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aServerRestartFailsRequestsCleanlyAndTheClientRecovers(Protocol p) throws Exception {
    try (MemcachedServer own = MemcachedServer.startDefault();
        MemcacheClient c =
            MemcacheClient.builder()
                .servers(own.address())
                .protocol(p)
                .operationTimeout(Duration.ofMillis(500))
                .retryDelay(Duration.ofMillis(100))
                .build()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger wrong = new AtomicInteger(),
          ok = new AtomicInteger(),
          failed = new AtomicInteger();
      Workers workers = new Workers();
      try {
        for (int i = 0; i < 50; i++) {
          String k = "restart-" + i, value = "v" + i;
          workers.start(
              () -> {
                while (!stop.get()) {
                  try {
                    c.set(k, value);
                    Object got = c.get(k);
                    // Null: the restart emptied the cache
                    if (got != null && !value.equals(got)) wrong.incrementAndGet();
                    ok.incrementAndGet();
                  } catch (MemcacheException e) {
                    failed.incrementAndGet();
                  }
                }
              });
        }
        Thread.sleep(300);
        own.restart();
        int before = ok.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ok.get() < before + 1000 && System.nanoTime() < deadline) Thread.sleep(20);
      } finally {
        stop.set(true);
      }
      workers.joinAll(Duration.ofSeconds(30));
      assertEquals(0, wrong.get(), "no caller received another key's value");
      assertTrue(
          ok.get() > 1000,
          "the client recovered after the restart: " + ok + " ok, " + failed + " failed");
      assertTrue(c.set("after", "restart"));
      assertEquals("restart", c.get("after"));
    }
  }
}
