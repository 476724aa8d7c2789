package dev.memcache.java.protocols;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A quick measurement behind the default protocol (not a test, not a benchmark suite): 200,000
 * gets of a 100-byte value by 1 and by 64 virtual threads sharing one connection, per protocol,
 * best of three rounds. Run it on a quiet machine with the test classpath.
 */
public final class ProtocolThroughput {
  private static final int GETS = 200_000;

  public static void main(String[] args) throws Exception {
    try (MemcachedServer server = MemcachedServer.builder().threads(1).start()) {
      System.out.printf("%-7s %12s %12s%n", "", "1 thread", "64 threads");
      for (int round = 0; round < 2; round++) { // the first round warms the JIT up
        for (Protocol p : Protocol.values()) {
          try (MemcacheClient c = MemcacheClient.builder().servers(server.address()).protocol(p).build()) {
            for (int i = 0; i < 64; i++) c.set("bench-" + i, "x".repeat(100));
            System.out.printf("%-7s %10.0f/s %10.0f/s%n", p, best(c, 1), best(c, 64));
          }
        }
        if (round == 0) System.out.println("(warm-up above)");
      }
    }
  }

  private static double best(MemcacheClient c, int threads) throws Exception {
    double best = 0;
    for (int i = 0; i < 3; i++) best = Math.max(best, run(c, threads));
    return best;
  }

  private static double run(MemcacheClient c, int threads) throws Exception {
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        String key = "bench-" + t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < GETS / threads; i++) {
            if (c.get(key) == null) throw new IllegalStateException("miss");
          }
          return null;
        }));
      }
    }
    for (Future<?> f : done) f.get();
    return GETS / ((System.nanoTime() - start) / 1e9);
  }
}
