package dev.memcache.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one client achieved in one cell. Latencies are in nanoseconds, per call as the caller saw it
 * (closed loop: each caller waits for its reply before the next call).
 *
 * @param peer whether the client counts as a peer (not ours, not the raw-socket baseline)
 * @param opsPerSecond completed calls per second in the measured window
 * @param keysPerSecond keys fetched or stored per second (10 per multi-get call)
 * @param requestsPerWrite calls per write syscall of the whole JVM in the measured window, or NaN
 *     when /proc/self/io is not readable
 * @param errors exceptions and refused stores, warm-up included
 * @param mismatches replies carrying bytes other than the key's own, warm-up included
 * @param misses keys that were loaded but came back missing, warm-up included
 * @param firstError the first exception, or {@code null}
 */
public record CellResult(
    Workload workload,
    int callers,
    String client,
    boolean peer,
    double opsPerSecond,
    double keysPerSecond,
    Histogram latency,
    double requestsPerWrite,
    long errors,
    long mismatches,
    long misses,
    String firstError) {

  /** Whether this is our client (in any protocol). */
  public boolean ours() {
    return client.startsWith(dev.memcache.benchmarks.clients.ClientSpec.OURS);
  }

  public double p50() {
    return latency.getValueAtPercentile(50);
  }

  public double p99() {
    return latency.getValueAtPercentile(99);
  }

  public double p999() {
    return latency.getValueAtPercentile(99.9);
  }

  public long problems() {
    return errors + mismatches + misses;
  }
}
