package dev.memcache.benchmarks.micro;

import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.PythonMemcachedLocator;
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
 * Choosing the server for a key with python-memcached's modula hashing (crc32 of the key), over
 * a few typical key lengths. One server is the short cut; four servers with weights run the hash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {
  @Param({"1", "4"})
  public int servers;

  @Param({"16", "64", "250"})
  public int keyLength;

  private PythonMemcachedLocator locator;
  private byte[][] keys;
  private int next;

  @Setup
  public void setUp() {
    List<ServerAddress> list = new ArrayList<>();
    for (int i = 0; i < servers; i++) list.add(new ServerAddress("10.0.0." + (i + 1), 11211, 1 + i % 2));
    locator = new PythonMemcachedLocator(list, true);
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
