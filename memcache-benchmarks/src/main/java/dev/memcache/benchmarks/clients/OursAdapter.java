package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.benchmarks.micro.Telemetry;
import dev.memcache.core.Protocol;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.opentelemetry.MemcacheTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Our blocking client in one protocol, with byte[] values (flags 0 under the default value codec);
 * optionally with a listener: Micrometer on a {@link SimpleMeterRegistry} ({@code
 * ours-micrometer}), or OpenTelemetry on an SDK that samples every span, batches them and exports
 * them to nowhere ({@link Telemetry#sdk()}; {@code ours-otel}). Several servers get the builder's
 * default distribution.
 */
final class OursAdapter implements ClientAdapter {
  private final MemcacheClient client;
  private final AutoCloseable telemetry;

  private OursAdapter(MemcacheClient client, AutoCloseable telemetry) {
    this.client = client;
    this.telemetry = telemetry;
  }

  static ClientAdapter open(List<String> servers, BenchSettings settings, Protocol protocol) {
    return new OursAdapter(build(servers, settings, protocol, null), null);
  }

  static ClientAdapter openWithMicrometer(List<String> servers, BenchSettings settings) {
    MemcacheListener metrics = MemcacheMetrics.of(new SimpleMeterRegistry());
    return new OursAdapter(build(servers, settings, Protocol.TEXT, metrics), null);
  }

  static ClientAdapter openWithOpenTelemetry(List<String> servers, BenchSettings settings) {
    OpenTelemetrySdk otel = Telemetry.sdk();
    MemcacheListener telemetry = MemcacheTelemetry.of(otel);
    return new OursAdapter(build(servers, settings, Protocol.TEXT, telemetry), otel);
  }

  private static MemcacheClient build(
      List<String> servers, BenchSettings settings, Protocol protocol, MemcacheListener listener) {
    MemcacheClient.Builder b =
        MemcacheClient.builder()
            .servers(servers)
            .protocol(protocol)
            .connectionsPerServer(BenchSettings.oursConnections())
            .maxInFlight(settings.maxInFlight())
            .operationTimeout(settings.timeout());
    if (listener != null) b.listener(listener);
    return b.build();
  }

  @Override
  public byte[] get(String key) {
    return client.get(key, byte[].class);
  }

  @Override
  public boolean set(String key, byte[] value) {
    return client.set(key, value);
  }

  @Override
  public void setNoReply(String key, byte[] value) {
    client.noReply().set(key, value, Duration.ZERO);
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) {
    return client.getMulti(keys);
  }

  @Override
  public void close() throws Exception {
    client.close();
    if (telemetry != null) telemetry.close();
  }
}
