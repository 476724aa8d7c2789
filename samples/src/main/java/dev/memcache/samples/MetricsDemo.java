package dev.memcache.samples;

import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.testkit.MemcachedServer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Metrics of a small run: a client bound to a Micrometer registry with one line ({@code
 * .listener(MemcacheMetrics.of(registry))}), a workload of sets, gets that hit and miss, and a
 * multi-get from 100 virtual threads, then every meter the registry holds.
 *
 * <p>Uses the servers in {@code MEMCACHED_SERVERS} (comma-separated {@code host:port}); without it,
 * starts a local memcached for the demo and stops it at the end. Run it with {@code bin/demo
 * -Dsample=dev.memcache.samples.MetricsDemo}.
 */
public final class MetricsDemo {
  public static void main(String[] args) throws Exception {
    String configured = System.getenv("MEMCACHED_SERVERS");
    MemcachedServer local =
        configured == null || configured.isBlank() ? MemcachedServer.startDefault() : null;
    String servers = local != null ? local.address() : configured;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MemcacheClient cache =
        MemcacheClient.builder()
            .servers(servers.split(","))
            .keyPrefix("metrics-demo:")
            .listener(MemcacheMetrics.of(registry))
            .build()) {
      run(cache);
    } finally {
      if (local != null) local.stop();
    }
    print(registry, System.out);
  }

  /** 100 virtual threads: each sets its key, reads it twice and reads one key nobody wrote. */
  static void run(MemcacheClient cache) throws InterruptedException {
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "user:" + i;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    cache.set(key, "profile of " + key, Duration.ofMinutes(5));
                    cache.get(key);
                    cache.get(key);
                    cache.get("nobody:" + key);
                  }));
    }
    for (Thread t : callers) t.join();
    cache.getMulti(List.of("user:1", "user:2", "user:3"));
  }

  /** Each meter on one line: name, tags, and its measurements (times in seconds). */
  static void print(MeterRegistry registry, PrintStream out) {
    List<Meter> meters = new ArrayList<>(registry.getMeters());
    meters.sort(
        Comparator.comparing((Meter m) -> m.getId().getName())
            .thenComparing(m -> m.getId().getTags().toString()));
    for (Meter m : meters) {
      String tags =
          m.getId().getTags().stream()
              .map(t -> t.getKey() + "=" + t.getValue())
              .collect(Collectors.joining(","));
      StringBuilder line =
          new StringBuilder(m.getId().getName()).append('{').append(tags).append('}');
      for (Measurement v : m.measure())
        line.append(' ')
            .append(v.getStatistic().getTagValueRepresentation())
            .append('=')
            .append(format(v.getValue()));
      out.println(line);
    }
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format("%.6f", v);
  }
}
