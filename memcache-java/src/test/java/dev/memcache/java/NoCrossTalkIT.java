package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.Workers;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many virtual threads on one connection: every reply reaches its own caller, whatever happens. */
class NoCrossTalkIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  static final int THREADS = 1000;

  /** Each thread owns its keys; a value always names the key it was stored under. */
  static String valueOf(String key, int round) {
    return key + "=" + round + ":" + "x".repeat(key.hashCode() & 63);
  }

  static void checkOwn(String key, Object got, Collection<String> errors) {
    if (got != null && !(got instanceof String s && s.startsWith(key + "="))) {
      errors.add("asked " + key + ", got " + got);
    }
  }

  @Test
  void thousandVirtualThreadsOnOneConnectionEachReadTheirOwnValues() throws Exception {
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(memcached.address())
            .connectionsPerServer(1)
            .operationTimeout(Duration.ofSeconds(10))
            .build()) {
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      Workers workers = new Workers();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        workers.start(
            () -> {
              for (int round = 0; round < 20; round++) {
                String key = "own:" + id + ":" + (round % 3);
                String value = valueOf(key, round);
                if (!client.set(key, value)) errors.add("set failed for " + key);
                Object got = client.get(key);
                if (!value.equals(got))
                  errors.add("asked " + key + ", expected " + value + ", got " + got);
                Map<String, Object> multi = client.getMulti(List.of(key, "own:" + id + ":absent"));
                if (!multi.equals(Map.of(key, value)))
                  errors.add("multi for " + key + " got " + multi);
              }
            });
      }
      workers.joinAll(Duration.ofSeconds(60));
      assertTrue(errors.isEmpty(), errors.size() + " wrong replies, first: " + errors.peek());
      assertTrue(client.getMulti(List.of("own:1:0")).containsKey("own:1:0"));
    }
  }

  @Test
  void timeoutsAndInterruptsNeverHandACallerAnotherKeysValue() throws Exception {
    // Timeouts shorter than a round trip under this load: many requests are abandoned in flight,
    // and their late replies must be drained, not handed to the next caller.
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(memcached.address())
            .connectionsPerServer(1)
            .operationTimeout(Duration.ofMillis(3))
            .hangTimeout(Duration.ofSeconds(30))
            .build()) {
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      AtomicLong ok = new AtomicLong(), timedOut = new AtomicLong(), interrupted = new AtomicLong();
      for (int t = 0; t < 200; t++) {
        String key = "seed:" + t;
        seed(client, key);
      }
      Workers workers = new Workers();
      for (int t = 0; t < THREADS; t++) {
        workers.unstarted(
            () -> {
              ThreadLocalRandom random = ThreadLocalRandom.current();
              for (int round = 0; round < 30; round++) {
                String key = "seed:" + random.nextInt(200);
                try {
                  Object got =
                      random.nextInt(4) == 0
                          ? client.getMulti(List.of(key)).get(key)
                          : client.get(key);
                  if (got == null) errors.add("seeded key " + key + " missing");
                  checkOwn(key, got, errors);
                  ok.incrementAndGet();
                } catch (MemcacheTimeoutException e) {
                  timedOut.incrementAndGet();
                } catch (MemcacheInterruptedException e) {
                  interrupted.incrementAndGet();
                  Thread.interrupted(); // clear and go on
                } catch (MemcacheConnectionException e) {
                  errors.add("connection must not break: " + e);
                }
              }
            });
      }
      List<Thread> threads = workers.threads();
      threads.forEach(Thread::start);
      Thread interrupter =
          Thread.ofVirtual()
              .start(
                  () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 2000; i++) {
                      threads.get(random.nextInt(THREADS)).interrupt();
                      Thread.yield();
                    }
                  });
      interrupter.join();
      workers.joinAll(Duration.ofSeconds(60));
      assertTrue(errors.isEmpty(), errors.size() + " wrong replies, first: " + errors.peek());
      assertTrue(ok.get() > 0, "some calls must succeed");
      assertTrue(timedOut.get() + interrupted.get() > 0, "the test must actually abandon requests");
      // Still in sync afterwards: once load is gone, every key reads back as its own.
      for (int t = 0; t < 200; t++)
        assertEquals(valueOf("seed:" + t, 0), getPatiently(client, "seed:" + t));
      System.out.printf(
          "ok=%d timedOut=%d interrupted=%d%n", ok.get(), timedOut.get(), interrupted.get());
    }
  }

  private static Object getPatiently(MemcacheClient client, String key) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        return client.get(key);
      } catch (MemcacheTimeoutException e) {
        // the 3 ms timeout can still be missed on a busy machine
      }
    }
    throw new AssertionError("no reply for " + key + " in 100 attempts");
  }

  private static void seed(MemcacheClient client, String key) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        client.set(key, valueOf(key, 0));
        return;
      } catch (MemcacheTimeoutException e) {
        // retry: the set may or may not have landed, a second one is harmless
      }
    }
    fail("cannot seed " + key);
  }
}
