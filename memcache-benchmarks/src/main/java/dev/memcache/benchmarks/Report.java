package dev.memcache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The table, the ratios of ours to the best peer, and the CSV. */
final class Report {
  private static final String ROW = "%-14s %10s %7s %11s %9s %9s %9s %9s %8s %8s %8s %8s%n";

  private Report() {}

  /** The column header of the per-cell table. */
  static String header() {
    return String.format(
        Locale.ROOT,
        ROW,
        "client",
        "ops/s",
        "spread",
        "keys/s",
        "p50 us",
        "p99 us",
        "p99.9 us",
        "req/write",
        "errors",
        "mismatch",
        "misses",
        "vs peer");
  }

  /**
   * One client's row; {@code spread} is how much its rounds' throughputs differ, {@code vs peer}
   * its throughput over the best peer's in the same cell.
   */
  static String row(CellResult r, Optional<CellResult> bestPeer) {
    return String.format(
        Locale.ROOT,
        ROW,
        r.client(),
        count(r.opsPerSecond()),
        r.roundsOpsPerSecond().size() > 1
            ? String.format(Locale.ROOT, "%.0f%%", r.spread() * 100)
            : "",
        r.workload().keysPerCall() > 1 ? count(r.keysPerSecond()) : "",
        micros(r.p50()),
        micros(r.p99()),
        micros(r.p999()),
        Double.isNaN(r.requestsPerWrite())
            ? "-"
            : String.format(Locale.ROOT, "%.2f", r.requestsPerWrite()),
        r.errors(),
        r.mismatches(),
        r.misses(),
        bestPeer.map(b -> ratio(r.opsPerSecond() / b.opsPerSecond())).orElse(""));
  }

  /** The peer with the highest throughput in a cell. */
  static Optional<CellResult> bestPeer(List<CellResult> cell) {
    return cell.stream()
        .filter(CellResult::peer)
        .max(Comparator.comparingDouble(CellResult::opsPerSecond));
  }

  /** The lowest p99 among the peers of a cell. */
  static Optional<CellResult> lowestP99Peer(List<CellResult> cell) {
    return cell.stream().filter(CellResult::peer).min(Comparator.comparingDouble(CellResult::p99));
  }

  /** A whole cell: a title, the header and every client's row. */
  static String cell(List<CellResult> cell) {
    if (cell.isEmpty()) return "";
    CellResult first = cell.get(0);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%n== %s, %d caller%s%n",
            first.workload().label(),
            first.callers(),
            first.callers() == 1 ? "" : "s"));
    s.append(header());
    Optional<CellResult> best = bestPeer(cell);
    for (CellResult r : cell) s.append(row(r, best));
    for (CellResult r : cell) {
      if (r.firstError() != null)
        s.append("   ")
            .append(r.client())
            .append(" first error: ")
            .append(r.firstError())
            .append('\n');
    }
    return s.toString();
  }

  /**
   * The summary against the targets: per cell, ours over the best peer in throughput
   * (keys/s for multi-get) and p99, ours' requests per write, and at one caller ours' p50 over the
   * raw socket's.
   */
  static String summary(List<CellResult> all) {
    StringBuilder s =
        new StringBuilder(String.format(Locale.ROOT, "%n== Ours against the best peer%n"));
    s.append(
        String.format(
            Locale.ROOT,
            "%-12s %7s %-12s %-14s %11s %11s %9s %9s %9s %10s%n",
            "workload",
            "callers",
            "ours",
            "best peer",
            "peer ops/s",
            "ours ops/s",
            "ops ratio",
            "p99 ratio",
            "req/write",
            "p50 vs raw"));
    boolean anyOurs = false;
    for (List<CellResult> cell : byCell(all).values()) {
      for (CellResult o : cell.stream().filter(CellResult::ours).toList())
        summaryRow(s, cell, Optional.of(o));
      anyOurs |= cell.stream().anyMatch(CellResult::ours);
    }
    if (!anyOurs) s.append("(ours was not run: ratios need it)\n");
    long problems = all.stream().mapToLong(CellResult::problems).sum();
    s.append(
        problems == 0
            ? "No errors, mismatches or misses.\n"
            : "PROBLEMS: " + problems + " errors/mismatches/misses, see the cells above.\n");
    return s.toString();
  }

  /** One summary row: one of our protocols against the best peer of the cell. */
  private static void summaryRow(
      StringBuilder s, List<CellResult> cell, Optional<CellResult> ours) {
    {
      Optional<CellResult> best = bestPeer(cell);
      Optional<CellResult> lowP99 = lowestP99Peer(cell);
      Optional<CellResult> raw =
          cell.stream().filter(r -> r.client().equals("raw-socket")).findFirst();
      CellResult any = cell.get(0);
      s.append(
          String.format(
              Locale.ROOT,
              "%-12s %7d %-12s %-14s %11s %11s %9s %9s %9s %10s%n",
              any.workload().label(),
              any.callers(),
              ours.get().client(),
              best.map(CellResult::client).orElse("-"),
              best.map(b -> count(b.opsPerSecond())).orElse("-"),
              ours.map(o -> count(o.opsPerSecond())).orElse("-"),
              ours.flatMap(o -> best.map(b -> ratio(o.opsPerSecond() / b.opsPerSecond())))
                  .orElse("-"),
              ours.flatMap(o -> lowP99.map(b -> ratio(o.p99() / b.p99()))).orElse("-"),
              ours.map(
                      o ->
                          Double.isNaN(o.requestsPerWrite())
                              ? "-"
                              : String.format(Locale.ROOT, "%.2f", o.requestsPerWrite()))
                  .orElse("-"),
              ours.flatMap(o -> raw.map(r -> ratio(o.p50() / r.p50()))).orElse("-")));
    }
  }

  /** Results grouped by cell, in run order. */
  static Map<String, List<CellResult>> byCell(List<CellResult> all) {
    Map<String, List<CellResult>> cells = new LinkedHashMap<>();
    for (CellResult r : all)
      cells
          .computeIfAbsent(r.workload().label() + "/" + r.callers(), k -> new ArrayList<>())
          .add(r);
    return cells;
  }

  /**
   * Writes every result as CSV (latencies in microseconds; each round's throughput, in run order,
   * separated by semicolons in the last column).
   */
  static void writeCsv(Path file, List<CellResult> all) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "workload,callers,client,ops_per_s,keys_per_s,p50_us,p99_us,p999_us,max_us,requests_per_write,"
            + "errors,mismatches,misses,ratio_to_best_peer,rounds_ops_per_s");
    for (List<CellResult> cell : byCell(all).values()) {
      Optional<CellResult> best = bestPeer(cell);
      for (CellResult r : cell) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%s,%d,%s,%.0f,%.0f,%.1f,%.1f,%.1f,%.1f,%s,%d,%d,%d,%s,%s",
                r.workload().label(),
                r.callers(),
                r.client(),
                r.opsPerSecond(),
                r.keysPerSecond(),
                r.p50() / 1e3,
                r.p99() / 1e3,
                r.p999() / 1e3,
                r.latency().getMaxValue() / 1e3,
                Double.isNaN(r.requestsPerWrite())
                    ? ""
                    : String.format(Locale.ROOT, "%.3f", r.requestsPerWrite()),
                r.errors(),
                r.mismatches(),
                r.misses(),
                best.map(
                        b ->
                            String.format(Locale.ROOT, "%.3f", r.opsPerSecond() / b.opsPerSecond()))
                    .orElse(""),
                String.join(
                    ";",
                    r.roundsOpsPerSecond().stream()
                        .map(v -> String.format(Locale.ROOT, "%.0f", v))
                        .toList())));
      }
    }
    Files.write(file, lines);
  }

  private static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String micros(double nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2fx", r);
  }
}
