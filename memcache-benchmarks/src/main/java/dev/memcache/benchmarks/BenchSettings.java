package dev.memcache.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a load run measures, read from {@code -Dbench.*} system properties. The defaults run every
 * cell in about 30 minutes; {@code -Dbench.quick=true} runs one short round per client for a smoke
 * run (about 4 minutes for every cell).
 *
 * @param warmup time per run before measuring ({@code bench.warmupSeconds}, default 1, quick 0.5)
 * @param measure measured time per run ({@code bench.measureSeconds}, default 2, quick 1)
 * @param rounds runs of each client per cell, interleaved with the other clients' runs ({@code
 *     bench.rounds}, default 3, quick 1); a client's throughput is that of its median round, its
 *     latencies those of all its rounds together
 * @param workloads cells to run ({@code bench.workloads}, names as in {@link Workload}, default
 *     all)
 * @param callers concurrent callers per cell ({@code bench.callers}, default 1,16,256,1024)
 * @param clients clients to compare ({@code bench.clients}, default all, and {@code before-ours}
 *     with {@code bench.baseline}; see {@code Clients})
 * @param serverCpu CPU that memcached is pinned to with taskset ({@code bench.serverCpu}, default
 *     0; -1 leaves it unpinned)
 * @param serverThreads memcached worker threads ({@code bench.serverThreads}, default 1)
 * @param serverArgs more memcached options, after the benchmark's own ({@code bench.serverArgs},
 *     split at spaces, default none), such as {@code -R 200} (commands per read event)
 * @param servers memcached servers, each with {@code serverThreads} threads on {@code serverCpu}
 *     ({@code bench.servers}, default 1); with more than one, every client spreads the keys over
 *     all of them in its own way, and the raw sockets sit out
 * @param openLoop whether each cell is followed by an open-loop run of every client at a fixed
 *     offered load ({@code bench.openLoop}, default false)
 * @param rate the open loop's offered load in calls per second ({@code bench.rate}); 0, the
 *     default, means half the best peer's closed-loop throughput in the same cell
 * @param openMeasure measured time per open-loop run ({@code bench.openMeasureSeconds}, default 30,
 *     quick 2): its figures are tail percentiles, which a short window leaves to a few of the
 *     machine's stalls (each charged to every call queued behind it; the README has the runs)
 * @param timeout operation timeout given to every client ({@code bench.timeoutMillis}, default
 *     5000)
 * @param maxInFlight in-flight bound for clients that have one ({@code bench.maxInFlight}, default
 *     4096)
 * @param smallKeys keys of 100-byte values ({@code bench.keys}, default 10000)
 * @param largeKeys keys of 100 KB values ({@code bench.largeKeys}, default 256)
 * @param outDir where CSV and PNG go ({@code bench.out}, default bench-results)
 */
public record BenchSettings(
    Duration warmup,
    Duration measure,
    int rounds,
    List<Workload> workloads,
    List<Integer> callers,
    List<String> clients,
    int serverCpu,
    int serverThreads,
    List<String> serverArgs,
    int servers,
    boolean openLoop,
    double rate,
    Duration openMeasure,
    Duration timeout,
    int maxInFlight,
    int smallKeys,
    int largeKeys,
    Path outDir) {

  /** Every client name, in the order of the table. */
  public static final List<String> ALL_CLIENTS =
      List.of(
          "ours",
          "ours-micrometer",
          "ours-otel",
          "ours-binary",
          "ours-meta",
          "spymemcached",
          "xmemcached-1",
          "xmemcached-4",
          "folsom-ascii",
          "folsom-binary",
          "raw-socket",
          "raw-binary",
          "raw-meta");

  /** Reads the settings from system properties. */
  public static BenchSettings fromSystemProperties() {
    boolean quick = Boolean.getBoolean("bench.quick");
    return new BenchSettings(
        seconds("bench.warmupSeconds", quick ? 0.5 : 1),
        seconds("bench.measureSeconds", quick ? 1 : 2),
        Math.max(1, Integer.getInteger("bench.rounds", quick ? 1 : 3)),
        list("bench.workloads", null).stream().map(Workload::byName).toList(),
        list("bench.callers", "1,16,256,1024").stream().map(Integer::parseInt).toList(),
        clients(list("bench.clients", String.join(",", defaultClients()))),
        Integer.getInteger("bench.serverCpu", 0),
        Integer.getInteger("bench.serverThreads", 1),
        Arrays.stream(System.getProperty("bench.serverArgs", "").split("\\s+"))
            .filter(a -> !a.isEmpty())
            .toList(),
        Math.max(1, Integer.getInteger("bench.servers", 1)),
        Boolean.getBoolean("bench.openLoop"),
        Math.max(0, Double.parseDouble(System.getProperty("bench.rate", "0"))),
        seconds("bench.openMeasureSeconds", quick ? 2 : 30),
        Duration.ofMillis(Long.getLong("bench.timeoutMillis", 5000)),
        Integer.getInteger("bench.maxInFlight", 4096),
        Math.max(100, Integer.getInteger("bench.keys", 10_000)),
        Math.max(10, Integer.getInteger("bench.largeKeys", 256)),
        Path.of(System.getProperty("bench.out", "bench-results")));
  }

  /**
   * Every client, and with a baseline ({@code bench.baseline}) also {@code before-ours}: a full run
   * given an older build compares it without naming every client.
   */
  private static List<String> defaultClients() {
    if (System.getProperty("bench.baseline", "").isBlank()) return ALL_CLIENTS;
    List<String> all = new ArrayList<>(ALL_CLIENTS);
    all.add(BEFORE + "ours");
    return all;
  }

  /**
   * The prefix of a client of an older build ({@link #baselineFor}): {@code before-ours} is that
   * build's {@code ours}.
   */
  public static final String BEFORE = "before-";

  /**
   * Another build's {@code benchmarks.jar} ({@code bench.baseline}), whose {@code ours*} clients
   * run as {@code before-ours*} beside this build's in one run: the jar for {@code client}, which
   * must be set.
   */
  public static Path baselineFor(String client) {
    String jar = System.getProperty("bench.baseline", "");
    if (jar.isBlank())
      throw new IllegalArgumentException(
          "client '" + client + "' is an older build's: set -Dbench.baseline=<its benchmarks.jar>");
    return Path.of(jar);
  }

  /** Connections per server for ours ({@code bench.ours.connections}); default 1. */
  public static int oursConnections() {
    return Integer.getInteger("bench.ours.connections", 1);
  }

  private static Duration seconds(String name, double fallback) {
    String v = System.getProperty(name);
    double s = v == null ? fallback : Double.parseDouble(v);
    return Duration.ofMillis(Math.round(s * 1000));
  }

  private static List<String> list(String name, String fallback) {
    String v = System.getProperty(name, fallback);
    if (v == null) return Arrays.stream(Workload.values()).map(Workload::label).toList();
    return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> clients(List<String> names) {
    List<String> before = new ArrayList<>();
    for (String n : names) {
      if (n.startsWith(BEFORE) && ALL_CLIENTS.contains(n.substring(BEFORE.length()))) {
        baselineFor(n);
        if (!before.contains(n)) before.add(n);
      } else if (!ALL_CLIENTS.contains(n)) {
        throw new IllegalArgumentException(
            "unknown client '" + n + "'; known: " + ALL_CLIENTS + ", and before-<one of ours>");
      }
    }
    // Each older build's client right after its twin (the tables and the chart put them side by
    // side), or last when its twin does not run
    List<String> all = new ArrayList<>(ALL_CLIENTS.stream().filter(names::contains).toList());
    for (String b : before) {
      int twin = all.indexOf(b.substring(BEFORE.length()));
      all.add(twin < 0 ? all.size() : twin + 1, b);
    }
    return List.copyOf(all);
  }

  @Override
  public String toString() {
    return "warm-up "
        + warmup.toMillis()
        + " ms, measured "
        + measure.toMillis()
        + " ms per run, "
        + rounds
        + " round"
        + (rounds == 1 ? "" : "s")
        + " per client and cell; callers "
        + callers
        + "; timeout "
        + timeout.toMillis()
        + " ms; "
        + servers
        + " memcached server"
        + (servers == 1 ? "" : "s")
        + (serverArgs.isEmpty() ? "" : " with " + String.join(" ", serverArgs))
        + (openLoop
            ? "; then open loop at "
                + (rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "50% of the best peer")
                + ", measured "
                + openMeasure.toMillis()
                + " ms per run"
            : "")
        + "; keys "
        + smallKeys
        + " x 100 B, "
        + largeKeys
        + " x 100 KB";
  }
}
