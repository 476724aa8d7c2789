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
 * A whole 100-byte get through the blocking client against a real memcached, for {@code -prof gc}:
 * bytes allocated per get, both on the caller and on the connection's reader. Subtract the value
 * itself (116 bytes: a 100-byte array with its header) to compare with the 300-byte budget.
 *
 * <p>{@code listener}: {@code none} (the client makes no events), or {@code empty} (a listener whose
 * methods do nothing: what events cost the client itself, before any metrics).
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

  @Setup
  public void start() {
    server = MemcachedServer.builder().threads(1).start();
    MemcacheClient.Builder builder = MemcacheClient.builder().servers(server.address());
    if (listener.equals("empty")) builder.listener(new MemcacheListener() {});
    client = builder.build();
    client.set("user:12345:profile", new byte[100]);
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
}
