package dev.memcache.benchmarks.micro;

import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.opentelemetry.MemcacheTelemetry;
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
 * One recorded request in a listener alone, no client, no I/O: {@code requestStarted} then {@code
 * requestFinished} of a get that hit. For {@code -prof gc}: the bytes each module allocates per
 * request ({@code otel}: a span built, ended and queued for a batch that is dropped, and a
 * histogram value).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListenerBenchmark {
  @Param({"micrometer", "otel"})
  public String listener;

  private static final ServerAddress SERVER = ServerAddress.parse("10.0.0.1:11211");
  private static final RequestEvent HIT =
      new RequestEvent(
          "get", SERVER, Protocol.TEXT, RequestEvent.Outcome.HIT, null, 20_000, 80_000, 40, 100, 1);

  private MemcacheListener target;
  private OpenTelemetrySdk otel;

  @Setup
  public void start() {
    target =
        switch (listener) {
          case "micrometer" -> MemcacheMetrics.of(new SimpleMeterRegistry());
          case "otel" -> MemcacheTelemetry.of(otel = Telemetry.sdk());
          default -> throw new IllegalArgumentException("listener: micrometer or otel");
        };
  }

  @TearDown
  public void stop() {
    if (otel != null) otel.close();
  }

  @Benchmark
  public void request() {
    Object started = target.requestStarted("get", SERVER);
    target.requestFinished(HIT, started);
  }
}
