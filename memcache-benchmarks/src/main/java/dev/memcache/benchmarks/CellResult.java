package dev.memcache.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one client achieved in one cell. Latencies are in nanoseconds, per call as the caller saw it
 * (closed loop: each caller waits for its reply before the next call).
 *
 * @param peer whether the client counts as a peer (not ours, not the raw-socket baseline)
 * @param opsPerSecond completed calls per second in the measured window (of the median round)
 * @param keysPerSecond keys fetched or stored per second (10 per multi-get call)
 * @param latency every measured call (of all rounds)
 * @param requestsPerWrite calls per write syscall of the whole JVM in the measured window, or NaN
 *     when /proc/self/io is not readable
 * @param errors exceptions and refused stores, warm-up included
 * @param mismatches replies carrying bytes other than the key's own, warm-up included
 * @param misses keys that were loaded but came back missing, warm-up included
 * @param firstError the first exception, or {@code null}
 * @param roundsOpsPerSecond the throughput of each round, in run order
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
    String firstError,
    List<Double> roundsOpsPerSecond) {

  /**
   * One client's rounds of one cell as one result: the throughput (and calls per write) of the
   * median round, the lower one of an even count; the latencies of all rounds; the problems of all
   * rounds.
   */
  static CellResult ofRounds(List<CellResult> rounds) {
    List<CellResult> byOps = new ArrayList<>(rounds);
    byOps.sort(Comparator.comparingDouble(CellResult::opsPerSecond));
    CellResult median = byOps.get((byOps.size() - 1) / 2);
    Histogram all = new Histogram(3);
    long errors = 0, mismatches = 0, misses = 0;
    String firstError = null;
    List<Double> ops = new ArrayList<>();
    for (CellResult r : rounds) {
      all.add(r.latency);
      errors += r.errors;
      mismatches += r.mismatches;
      misses += r.misses;
      if (firstError == null) firstError = r.firstError;
      ops.addAll(r.roundsOpsPerSecond);
    }
    return new CellResult(
        median.workload,
        median.callers,
        median.client,
        median.peer,
        median.opsPerSecond,
        median.keysPerSecond,
        all,
        median.requestsPerWrite,
        errors,
        mismatches,
        misses,
        firstError,
        List.copyOf(ops));
  }

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

  /** The fastest round's throughput over the slowest's, minus one: how far the rounds spread. */
  public double spread() {
    double low = roundsOpsPerSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = roundsOpsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return low > 0 ? high / low - 1 : 0;
  }

  public long problems() {
    return errors + mismatches + misses;
  }
}
