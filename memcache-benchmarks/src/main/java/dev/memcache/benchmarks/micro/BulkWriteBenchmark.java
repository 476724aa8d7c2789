package dev.memcache.benchmarks.micro;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing {@value #KEYS} keys (100-byte values) from one caller against real memcached servers:
 * {@code setMulti} (each server's share queued at once and written in one batch, the servers in
 * parallel) against a loop of blocking {@code set}s (one round trip per key) and against {@code
 * async().set} for every key then awaiting all. Scores are keys per second ({@link
 * OperationsPerInvocation}); {@code -prof gc} gives bytes allocated per key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BulkWriteBenchmark {
  static final int KEYS = 256;

  /** How many servers the keys are split across. */
  @Param({"1", "3"})
  public int servers;

  @Param({"TEXT"})
  public Protocol protocol;

  private final List<MemcachedServer> running = new ArrayList<>();
  private MemcacheClient client;
  private Map<String, Object> values;

  @Setup
  public void start() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      MemcachedServer s = MemcachedServer.builder().threads(1).start();
      running.add(s);
      addresses.add(s.address());
    }
    client = MemcacheClient.builder().servers(addresses).protocol(protocol).build();
    values = new LinkedHashMap<>();
    for (int i = 0; i < KEYS; i++) values.put("bulk:" + i, new byte[100]);
  }

  @TearDown
  public void stop() {
    client.close();
    running.forEach(MemcachedServer::close);
  }

  @Benchmark
  @OperationsPerInvocation(KEYS)
  public Map<String, Boolean> setMulti() {
    return client.setMulti(values, Duration.ZERO);
  }

  @Benchmark
  @OperationsPerInvocation(KEYS)
  public int loopOfSets() {
    int stored = 0;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (client.set(e.getKey(), e.getValue(), Duration.ZERO)) stored++;
    }
    return stored;
  }

  @Benchmark
  @OperationsPerInvocation(KEYS)
  public int asyncSetsThenAwait() {
    List<CompletableFuture<Boolean>> all = new ArrayList<>(KEYS);
    for (Map.Entry<String, Object> e : values.entrySet())
      all.add(client.async().set(e.getKey(), e.getValue(), Duration.ZERO));
    int stored = 0;
    for (CompletableFuture<Boolean> f : all) if (f.join()) stored++;
    return stored;
  }
}
