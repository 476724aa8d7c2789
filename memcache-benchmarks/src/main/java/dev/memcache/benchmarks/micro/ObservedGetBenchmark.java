package dev.memcache.benchmarks.micro;

import dev.memcache.core.event.MemcacheListener;
import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.opentelemetry.MemcacheTelemetry;
import dev.memcache.testkit.MemcachedServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
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
 * {@link ClientGetBenchmark}'s whole 100-byte get with each kind of listener, for {@code -prof gc}:
 * what metrics and tracing add per get (the event the client makes, plus the module's own work).
 * {@code none} is the client without a listener; {@code micrometer} is {@link MemcacheMetrics} on a
 * {@code SimpleMeterRegistry}; {@code otel} is {@link MemcacheTelemetry} on an SDK that samples
 * every span, batches them and drops them ({@link Telemetry#sdk()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservedGetBenchmark {
  @Param({"none", "micrometer", "otel"})
  public String listener;

  private MemcachedServer server;
  private MemcacheClient client;
  private OpenTelemetrySdk otel;

  @Setup
  public void start() {
    server = MemcachedServer.builder().threads(1).start();
    MemcacheClient.Builder b = MemcacheClient.builder().servers(server.address());
    MemcacheListener l =
        switch (listener) {
          case "none" -> null;
          case "micrometer" -> MemcacheMetrics.of(new SimpleMeterRegistry());
          case "otel" -> MemcacheTelemetry.of(otel = Telemetry.sdk());
          default -> throw new IllegalArgumentException("listener: none, micrometer or otel");
        };
    if (l != null) b.listener(l);
    client = b.build();
    client.set("user:12345:profile", new byte[100]);
  }

  @TearDown
  public void stop() {
    client.close();
    server.close();
    if (otel != null) otel.close();
  }

  @Benchmark
  public Object get() {
    return client.get("user:12345:profile");
  }
}
