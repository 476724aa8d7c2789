package dev.memcache.benchmarks.micro;

import dev.memcache.core.event.MemcacheListener;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole get through the blocking client against a real memcached, for {@code -prof gc}: bytes
 * allocated per get, both on the caller and on the connection's reader. Subtract the value itself
 * (a 100-byte array with its header is 116 bytes, a 100 KB one 102,416) to compare with the budget.
 *
 * <p>{@code size}: the value's bytes, 100 or 102400 (100 KB). At 100 KB, {@code gc.alloc.rate.norm}
 * over 102,416 says how many value-sized arrays a get allocates: 1.0 means the value's own array
 * and no other copy of it.
 *
 * <p>{@code listener}: {@code none} (the client makes no events), or {@code empty} (a listener
 * whose methods do nothing: what events cost the client itself, before any metrics).
 *
 * <p>{@code get} is the untyped read, {@code getTyped} the same as {@code byte[]} ({@code get(key,
 * type)}, which the load benchmark and the Kotlin client's {@code get<T>} use): both should
 * allocate the same. {@code getAsync} is the futures client's get, joined: its future completes on
 * a virtual thread of its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientGetBenchmark {
  private MemcachedServer server;
  private MemcacheClient client;

  @Param({"none", "empty"})
  public String listener;

  @Param({"100", "102400"})
  public int size;

  @Setup
  public void start() {
    server = MemcachedServer.builder().threads(1).start();
    MemcacheClient.Builder builder = MemcacheClient.builder().servers(server.address());
    if (listener.equals("empty")) builder.listener(new MemcacheListener() {});
    client = builder.build();
    client.set("user:12345:profile", new byte[size]);
  }

  @TearDown
  public void stop() {
    client.close();
    server.close();
  }

  @Benchmark
  public Object get() {
    return client.get("user:12345:profile");
  }

  @Benchmark
  public Object getAsync() {
    return client.async().get("user:12345:profile").join();
  }

  @Benchmark
  public byte[] getTyped() {
    return client.get("user:12345:profile", byte[].class);
  }
}
