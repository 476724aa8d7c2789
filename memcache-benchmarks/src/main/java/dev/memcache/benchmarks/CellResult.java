package dev.memcache.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one client achieved in one cell. Latencies are in nanoseconds, per call: in the closed loop
 * as the caller saw it (each caller waits for its reply before the next call), in the open loop
 * from the call's intended start (so a call that had to wait for a late one is charged that wait).
 *
 * @param offeredRate the open loop's offered calls per second, or 0 for the closed loop
 * @param peer whether the client counts as a peer (not ours, not the raw-socket baseline)
 * @param opsPerSecond completed calls per second in the measured window (of the median round)
 * @param keysPerSecond keys fetched or stored per second (10 per multi-get call)
 * @param latency every measured call (of all rounds)
 * @param requestsPerWrite calls per write syscall of the whole JVM in the measured window, or NaN
 *     when /proc/self/io is not readable
 * @param serverCpuPerCall memcached's CPU time (all servers) in the measured window over the calls
 *     completed in it, in nanoseconds, or NaN when /proc is not readable
 * @param serverCpuShare memcached's CPU time in the measured window over the window's length (1.0:
 *     one CPU busy all the time), or NaN
 * @param clientCpuPerCall this JVM's CPU time in the measured window over the calls completed in
 *     it, in nanoseconds, or NaN: the client's cost per call plus the benchmark's own (issuing the
 *     call, checking the reply, recording its latency), which is the same for every client
 * @param clientCpuShare this JVM's CPU time in the measured window over the window's length (1.0:
 *     one CPU busy all the time), or NaN
 * @param lateness open loop: the mean delay from a call's intended start to its actual start (timer
 *     slack, and catching up after a slow call), in nanoseconds; 0 in the closed loop
 * @param errors exceptions and refused stores, warm-up included
 * @param mismatches replies carrying bytes other than the key's own, warm-up included
 * @param misses keys that were loaded but came back missing, warm-up included
 * @param firstError the first exception, or {@code null}
 * @param roundsOpsPerSecond the throughput of each round, in run order
 * @param roundsSteal the share of the machine's CPU time the hypervisor took (steal) in each
 *     round's measured window, in run order (1.0: every CPU all the time), NaN where {@code
 *     /proc/stat} is unreadable: a round that lost much of it ran on a stalled machine
 */
public record CellResult(
    double offeredRate,
    Workload workload,
    int callers,
    String client,
    boolean peer,
    double opsPerSecond,
    double keysPerSecond,
    Histogram latency,
    double requestsPerWrite,
    double serverCpuPerCall,
    double serverCpuShare,
    double clientCpuPerCall,
    double clientCpuShare,
    double lateness,
    long errors,
    long mismatches,
    long misses,
    String firstError,
    List<Double> roundsOpsPerSecond,
    List<Double> roundsSteal) {

  /**
   * One client's rounds of one cell as one result: the throughput (calls per write, server and
   * client CPU, lateness) of the median round, the lower one of an even count; the latencies of all
   * rounds; the problems of all rounds.
   */
  static CellResult ofRounds(List<CellResult> rounds) {
    List<CellResult> byOps = new ArrayList<>(rounds);
    byOps.sort(Comparator.comparingDouble(CellResult::opsPerSecond));
    CellResult median = byOps.get((byOps.size() - 1) / 2);
    Histogram all = new Histogram(3);
    long errors = 0, mismatches = 0, misses = 0;
    String firstError = null;
    List<Double> ops = new ArrayList<>();
    List<Double> steal = new ArrayList<>();
    for (CellResult r : rounds) {
      all.add(r.latency);
      errors += r.errors;
      mismatches += r.mismatches;
      misses += r.misses;
      if (firstError == null) firstError = r.firstError;
      ops.addAll(r.roundsOpsPerSecond);
      steal.addAll(r.roundsSteal);
    }
    return new CellResult(
        median.offeredRate,
        median.workload,
        median.callers,
        median.client,
        median.peer,
        median.opsPerSecond,
        median.keysPerSecond,
        all,
        median.requestsPerWrite,
        median.serverCpuPerCall,
        median.serverCpuShare,
        median.clientCpuPerCall,
        median.clientCpuShare,
        median.lateness,
        errors,
        mismatches,
        misses,
        firstError,
        List.copyOf(ops),
        List.copyOf(steal));
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

  public double max() {
    return latency.getMaxValue();
  }

  /** Whether this is an open-loop result. */
  public boolean openLoop() {
    return offeredRate > 0;
  }

  /** The fastest round's throughput over the slowest's, minus one: how far the rounds spread. */
  public double spread() {
    double low = roundsOpsPerSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double high = roundsOpsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return low > 0 ? high / low - 1 : 0;
  }

  /** The most steal of any round ({@link #roundsSteal}), or NaN when none was read. */
  public double maxSteal() {
    return roundsSteal.stream()
        .mapToDouble(Double::doubleValue)
        .filter(v -> !Double.isNaN(v))
        .max()
        .orElse(Double.NaN);
  }

  public long problems() {
    return errors + mismatches + misses;
  }
}
