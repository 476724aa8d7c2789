package dev.memcache.benchmarks;

import static dev.memcache.benchmarks.Report.count;
import static dev.memcache.benchmarks.Report.ratio;

import dev.memcache.benchmarks.clients.ClientSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The summary against issue 21's targets, one row per {@code ours*} client and cell. */
final class Summary {
  private static final String CLOSED =
      "%-16s %7s %-15s %-14s %11s %11s %9s %9s %9s %8s %8s %10s %10s%n";
  private static final String OPEN = "%-16s %7s %-15s %11s %9s %9s %9s%n";
  private static final String AFTER = "%-16s %7s %9s %-15s %12s %11s %9s %9s %9s %10s %10s%n";

  private Summary() {}

  /**
   * Closed loop: ours over the best peer in throughput (keys/s for multi-get), ours' p99 over the
   * lowest peer p99, ours' requests per write, ours over the raw socket of its protocol (p50 and
   * throughput), memcached's CPU per call for ours over the lowest peer's, and this JVM's CPU per
   * call for ours over the lowest peer's (the benchmark's own share included in both). Open loop:
   * ours' p99 and p99.9 over the lowest peer's.
   */
  static String of(List<CellResult> all) {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "%n== Ours against the best peer%n"));
    s.append(
        String.format(
            Locale.ROOT,
            CLOSED,
            "workload",
            "callers",
            "ours",
            "best peer",
            "peer ops/s",
            "ours ops/s",
            "ops ratio",
            "p99 ratio",
            "req/write",
            "p50/raw",
            "ops/raw",
            "srv cpu/op",
            "jvm cpu/op"));
    boolean anyOurs = false;
    boolean anyOpen = false;
    for (List<CellResult> cell : Report.byCell(all).values()) {
      anyOpen |= cell.get(0).openLoop();
      if (cell.get(0).openLoop()) continue;
      for (CellResult o : cell) {
        if (!o.ours()) continue;
        anyOurs = true;
        closedRow(s, cell, o);
      }
    }
    if (!anyOurs) s.append("(ours was not run: ratios need it)\n");
    if (anyOpen) {
      s.append(
          String.format(Locale.ROOT, "%n== Open loop: ours against the lowest peer latency%n"));
      s.append(
          String.format(
              Locale.ROOT,
              OPEN,
              "workload",
              "callers",
              "ours",
              "offered/s",
              "p99 us",
              "p99 ratio",
              "p999 ratio"));
      for (List<CellResult> cell : Report.byCell(all).values()) {
        if (!cell.get(0).openLoop()) continue;
        for (CellResult o : cell) if (o.ours()) openRow(s, cell, o);
      }
    }
    beforeAndAfter(s, all);
    s.append(steal(all));
    long problems = all.stream().mapToLong(CellResult::problems).sum();
    s.append(
        problems == 0
            ? "No errors, mismatches or misses.\n"
            : "PROBLEMS: " + problems + " errors/mismatches/misses, see the cells above.\n");
    return s.toString();
  }

  /**
   * A line on the hypervisor's steal over every measured round: its median, its most (which client
   * and cell) and how many rounds lost over 10% of the machine's CPU time to it; nothing where
   * {@code /proc/stat} could not be read.
   */
  static String steal(List<CellResult> all) {
    List<Double> rounds = new ArrayList<>();
    double most = -1;
    String where = "";
    for (CellResult r : all) {
      for (double v : r.roundsSteal()) {
        if (Double.isNaN(v)) continue;
        rounds.add(v);
        if (v > most) {
          most = v;
          where = r.client() + ", " + Report.title(r) + (r.openLoop() ? ", open loop" : "");
        }
      }
    }
    if (rounds.isEmpty()) return "";
    rounds.sort(null);
    long over = rounds.stream().filter(v -> v > 0.10).count();
    return String.format(
        Locale.ROOT,
        "Steal (the hypervisor's share of the machine's CPU time in a measured round): median %s,"
            + " at most %s (%s); %d of %d rounds over 10%%.%n",
        Report.percent(rounds.get((rounds.size() - 1) / 2)),
        Report.percent(most),
        where,
        over,
        rounds.size());
  }

  /**
   * The repository README's performance table, in Markdown: {@code ours} (text) in every
   * closed-loop cell against the best peer (keys/s for multi-get), its p99 over the lowest peer's,
   * and its p50 and throughput over the raw socket's where one ran.
   */
  static String readmeTable(List<CellResult> all) {
    StringBuilder s =
        new StringBuilder(
            "| workload | callers | ours ops/s | best peer | peer ops/s | ratio | p99 vs lowest peer"
                + " p99 | p50 vs raw socket | ops vs raw socket |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
    for (List<CellResult> cell : Report.byCell(all).values()) {
      Optional<CellResult> ours =
          cell.stream().filter(r -> r.client().equals(ClientSpec.OURS)).findFirst();
      Optional<CellResult> best = Report.bestPeer(cell);
      if (ours.isEmpty() || ours.get().openLoop() || best.isEmpty()) continue;
      CellResult o = ours.get(), b = best.get();
      boolean keys = o.workload().keysPerCall() > 1;
      Optional<CellResult> lowP99 = Report.lowestPeer(cell, CellResult::p99);
      Optional<CellResult> raw = Report.raw(cell, o);
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              title(o.workload()),
              count(o.callers()),
              count(keys ? o.keysPerSecond() : o.opsPerSecond()),
              b.client(),
              count(keys ? b.keysPerSecond() : b.opsPerSecond()),
              ratio(o.opsPerSecond() / b.opsPerSecond()),
              lowP99.map(l -> ratio(o.p99() / l.p99())).orElse(""),
              raw.map(r -> ratio(o.p50() / r.p50())).orElse(""),
              raw.map(r -> ratio(o.opsPerSecond() / r.opsPerSecond())).orElse("")));
    }
    return s.toString();
  }

  private static String title(Workload w) {
    return switch (w) {
      case GET_100 -> "get 100 B";
      case SET_100 -> "set 100 B";
      case MIX_90_10 -> "90/10 mix";
      case MULTI_GET_10 -> "multi-get 10 (keys/s)";
      case GET_100K -> "get 100 KB";
      case SET_100K -> "set 100 KB";
      case SET_NOREPLY_100 -> "noreply set 100 B";
    };
  }

  private static void closedRow(StringBuilder s, List<CellResult> cell, CellResult o) {
    Optional<CellResult> best = Report.bestPeer(cell);
    Optional<CellResult> lowP99 = Report.lowestPeer(cell, CellResult::p99);
    Optional<CellResult> lowCpu = Report.lowestPeer(cell, CellResult::serverCpuPerCall);
    Optional<CellResult> lowJvm = Report.lowestPeer(cell, CellResult::clientCpuPerCall);
    Optional<CellResult> raw = Report.raw(cell, o);
    s.append(
        String.format(
            Locale.ROOT,
            CLOSED,
            o.workload().label(),
            o.callers(),
            o.client(),
            best.map(CellResult::client).orElse("-"),
            best.map(b -> count(b.opsPerSecond())).orElse("-"),
            count(o.opsPerSecond()),
            best.map(b -> ratio(o.opsPerSecond() / b.opsPerSecond())).orElse("-"),
            lowP99.map(b -> ratio(o.p99() / b.p99())).orElse("-"),
            Double.isNaN(o.requestsPerWrite())
                ? "-"
                : String.format(Locale.ROOT, "%.2f", o.requestsPerWrite()),
            raw.map(r -> ratio(o.p50() / r.p50())).orElse("-"),
            raw.map(r -> ratio(o.opsPerSecond() / r.opsPerSecond())).orElse("-"),
            lowCpu.map(b -> ratio(o.serverCpuPerCall() / b.serverCpuPerCall())).orElse("-"),
            lowJvm.map(b -> ratio(o.clientCpuPerCall() / b.clientCpuPerCall())).orElse("-")));
  }

  /**
   * With a baseline ({@code before-*} clients): each of this build's clients over the same client
   * of the older build, cell by cell (open loop too): throughput, p50, p99, p99.9 and this JVM's
   * CPU per call.
   */
  private static void beforeAndAfter(StringBuilder s, List<CellResult> all) {
    if (all.stream().noneMatch(r -> r.client().startsWith(BenchSettings.BEFORE))) return;
    s.append(String.format(Locale.ROOT, "%n== This build against the baseline (bench.baseline)%n"));
    s.append(
        String.format(
            Locale.ROOT,
            AFTER,
            "workload",
            "callers",
            "offered/s",
            "client",
            "before ops/s",
            "after ops/s",
            "ops ratio",
            "p50 ratio",
            "p99 ratio",
            "p999 ratio",
            "jvm cpu/op"));
    for (List<CellResult> cell : Report.byCell(all).values()) {
      for (CellResult b : cell) {
        if (!b.client().startsWith(BenchSettings.BEFORE)) continue;
        Report.client(cell, b.client().substring(BenchSettings.BEFORE.length()))
            .ifPresent(a -> afterRow(s, a, b));
      }
    }
  }

  private static void afterRow(StringBuilder s, CellResult a, CellResult b) {
    s.append(
        String.format(
            Locale.ROOT,
            AFTER,
            a.workload().label(),
            a.callers(),
            a.openLoop() ? count(a.offeredRate()) : "-",
            a.client(),
            count(b.opsPerSecond()),
            count(a.opsPerSecond()),
            ratio(a.opsPerSecond() / b.opsPerSecond()),
            ratio(a.p50() / b.p50()),
            ratio(a.p99() / b.p99()),
            ratio(a.p999() / b.p999()),
            ratio(a.clientCpuPerCall() / b.clientCpuPerCall())));
  }

  private static void openRow(StringBuilder s, List<CellResult> cell, CellResult o) {
    Optional<CellResult> lowP99 = Report.lowestPeer(cell, CellResult::p99);
    Optional<CellResult> lowP999 = Report.lowestPeer(cell, CellResult::p999);
    s.append(
        String.format(
            Locale.ROOT,
            OPEN,
            o.workload().label(),
            o.callers(),
            o.client(),
            count(o.offeredRate()),
            Report.micros(o.p99()),
            lowP99.map(b -> ratio(o.p99() / b.p99())).orElse("-"),
            lowP999.map(b -> ratio(o.p999() / b.p999())).orElse("-")));
  }
}
