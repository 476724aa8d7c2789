package dev.memcache.benchmarks.micro;

import dev.memcache.core.Distribution;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Choosing the server for a key, per distribution, over a few typical key lengths and 4 or 16
 * servers (rendezvous hashes the key once per server; the rings search a sorted array).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {
  @Param({
    "PYTHON_MEMCACHED",
    "LIBMEMCACHED_MODULA",
    "LIBMEMCACHED_CONSISTENT",
    "SPYMEMCACHED_KETAMA",
    "PYMEMCACHE_RENDEZVOUS"
  })
  public Distribution distribution;

  @Param({"4", "16"})
  public int servers;

  @Param({"16", "64"})
  public int keyLength;

  private NodeLocator locator;
  private byte[][] keys;
  private int next;

  @Setup
  public void setUp() {
    List<ServerAddress> list = new ArrayList<>();
    for (int i = 0; i < servers; i++) list.add(new ServerAddress("10.0.0." + (i + 1), 11211, 1));
    locator = Routing.locator(distribution, null, list);
    keys = new byte[64][];
    for (int i = 0; i < keys.length; i++) {
      String k = ("user:" + i + ":session:").repeat(keyLength);
      keys[i] = k.substring(0, keyLength).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public int serverFor() {
    next = (next + 1) & (keys.length - 1);
    return locator.serverFor(keys[next]);
  }
}
