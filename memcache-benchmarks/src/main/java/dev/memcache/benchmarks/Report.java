package dev.memcache.benchmarks;

import dev.memcache.benchmarks.clients.ClientSpec;
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
import java.util.function.ToDoubleFunction;

/** The per-cell tables and the CSV; the ratios they share with {@link Summary}. */
final class Report {
  private static final String ROW =
      "%-15s %10s %6s %5s %10s %8s %8s %9s %9s %9s %7s %9s %7s %6s %8s %6s %7s %7s %7s%n";
  private static final String OPEN_ROW =
      "%-15s %9s %9s %8s %8s %8s %9s %9s %9s %9s %7s %6s %8s %6s %6s %5s %8s %9s%n";

  private Report() {}

  /** A whole cell: a title, the header and every client's row. */
  static String cell(List<CellResult> cell) {
    if (cell.isEmpty()) return "";
    CellResult first = cell.get(0);
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n== %s", title(first)));
    if (first.openLoop()) {
      s.append(
          String.format(
              Locale.ROOT,
              ", open loop at %s calls/s (latency from the intended start)%n",
              count(first.offeredRate())));
      s.append(
          String.format(
              Locale.ROOT,
              OPEN_ROW,
              "client",
              "ops/s",
              "late us",
              "p50 us",
              "p99 us",
              "p99.9 us",
              "max us",
              "srv us/op",
              "srv cpu",
              "jvm us/op",
              "jvm cpu",
              "errors",
              "mismatch",
              "misses",
              "spread",
              "steal",
              "p99/peer",
              "p999/peer"));
      Optional<CellResult> lowP99 = lowestPeer(cell, CellResult::p99);
      Optional<CellResult> lowP999 = lowestPeer(cell, CellResult::p999);
      for (CellResult r : cell) s.append(openRow(r, lowP99, lowP999));
    } else {
      s.append(String.format(Locale.ROOT, "%n"));
      s.append(
          String.format(
              Locale.ROOT,
              ROW,
              "client",
              "ops/s",
              "spread",
              "steal",
              "keys/s",
              "p50 us",
              "p99 us",
              "p99.9 us",
              "req/write",
              "srv us/op",
              "srv cpu",
              "jvm us/op",
              "jvm cpu",
              "errors",
              "mismatch",
              "misses",
              "vs peer",
              "p50/raw",
              "ops/raw"));
      Optional<CellResult> best = bestPeer(cell);
      for (CellResult r : cell) s.append(row(r, best, raw(cell, r)));
    }
    for (CellResult r : cell) {
      if (r.firstError() != null)
        s.append("   " + r.client() + " first error: " + r.firstError() + "\n");
    }
    return s.toString();
  }

  /** "get-100B, 16 callers". */
  static String title(CellResult r) {
    return String.format(
        Locale.ROOT,
        "%s, %d caller%s",
        r.workload().label(),
        r.callers(),
        r.callers() == 1 ? "" : "s");
  }

  private static String row(CellResult r, Optional<CellResult> bestPeer, Optional<CellResult> raw) {
    return String.format(
        Locale.ROOT,
        ROW,
        r.client(),
        count(r.opsPerSecond()),
        spread(r),
        percent(r.maxSteal()),
        r.workload().keysPerCall() > 1 ? count(r.keysPerSecond()) : "",
        micros(r.p50()),
        micros(r.p99()),
        micros(r.p999()),
        Double.isNaN(r.requestsPerWrite())
            ? "-"
            : String.format(Locale.ROOT, "%.2f", r.requestsPerWrite()),
        micros(r.serverCpuPerCall()),
        percent(r.serverCpuShare()),
        micros(r.clientCpuPerCall()),
        percent(r.clientCpuShare()),
        r.errors(),
        r.mismatches(),
        r.misses(),
        bestPeer.map(b -> ratio(r.opsPerSecond() / b.opsPerSecond())).orElse(""),
        raw.map(b -> ratio(r.p50() / b.p50())).orElse(""),
        raw.map(b -> ratio(r.opsPerSecond() / b.opsPerSecond())).orElse(""));
  }

  private static String openRow(
      CellResult r, Optional<CellResult> lowP99, Optional<CellResult> lowP999) {
    return String.format(
        Locale.ROOT,
        OPEN_ROW,
        r.client(),
        count(r.opsPerSecond()),
        micros(r.lateness()),
        micros(r.p50()),
        micros(r.p99()),
        micros(r.p999()),
        micros(r.max()),
        micros(r.serverCpuPerCall()),
        percent(r.serverCpuShare()),
        micros(r.clientCpuPerCall()),
        percent(r.clientCpuShare()),
        r.errors(),
        r.mismatches(),
        r.misses(),
        spread(r),
        percent(r.maxSteal()),
        r.ours() ? lowP99.map(b -> ratio(r.p99() / b.p99())).orElse("") : "",
        r.ours() ? lowP999.map(b -> ratio(r.p999() / b.p999())).orElse("") : "");
  }

  /** The peer with the highest throughput in a cell. */
  static Optional<CellResult> bestPeer(List<CellResult> cell) {
    return cell.stream()
        .filter(CellResult::peer)
        .max(Comparator.comparingDouble(CellResult::opsPerSecond));
  }

  /**
   * The peer with the lowest value of {@code metric} in a cell (ignoring NaN, and a peer that
   * completed no call: its percentiles read 0).
   */
  static Optional<CellResult> lowestPeer(
      List<CellResult> cell, ToDoubleFunction<CellResult> metric) {
    return cell.stream()
        .filter(CellResult::peer)
        .filter(r -> r.opsPerSecond() > 0)
        .filter(r -> !Double.isNaN(metric.applyAsDouble(r)))
        .min(Comparator.comparingDouble(metric));
  }

  /** The raw-socket baseline of {@code r}'s protocol in the same cell, when {@code r} is ours. */
  static Optional<CellResult> raw(List<CellResult> cell, CellResult r) {
    return client(cell, ClientSpec.rawBaselineOf(r.client()));
  }

  /** The result of the client named {@code name} in the cell, if it ran. */
  static Optional<CellResult> client(List<CellResult> cell, String name) {
    return cell.stream().filter(c -> c.client().equals(name)).findFirst();
  }

  /** Results grouped by cell (closed and open loop apart), in run order. */
  static Map<String, List<CellResult>> byCell(List<CellResult> all) {
    Map<String, List<CellResult>> cells = new LinkedHashMap<>();
    for (CellResult r : all)
      cells
          .computeIfAbsent(
              r.workload().label() + "/" + r.callers() + "/" + r.offeredRate(),
              k -> new ArrayList<>())
          .add(r);
    return cells;
  }

  /**
   * Writes every result as CSV (latencies in microseconds; each round's throughput and steal, in
   * run order, separated by semicolons in the last two columns).
   */
  static void writeCsv(Path file, List<CellResult> all, int servers) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "workload,callers,servers,offered_per_s,client,ops_per_s,keys_per_s,p50_us,p99_us,p999_us,"
            + "max_us,requests_per_write,server_cpu_us_per_call,server_cpu_share,"
            + "client_cpu_us_per_call,client_cpu_share,late_us,errors,"
            + "mismatches,misses,ratio_to_best_peer,p50_ratio_to_raw,ops_ratio_to_raw,"
            + "rounds_ops_per_s,rounds_steal");
    for (List<CellResult> cell : byCell(all).values()) {
      Optional<CellResult> best = bestPeer(cell);
      for (CellResult r : cell) {
        Optional<CellResult> raw = raw(cell, r);
        lines.add(
            String.format(
                Locale.ROOT,
                "%s,%d,%d,%.0f,%s,%.0f,%.0f,%.1f,%.1f,%.1f,%.1f,%s,%s,%s,%s,%s,%.1f,%d,%d,%d,%s,%s,%s,%s,%s",
                r.workload().label(),
                r.callers(),
                servers,
                r.offeredRate(),
                r.client(),
                r.opsPerSecond(),
                r.keysPerSecond(),
                r.p50() / 1e3,
                r.p99() / 1e3,
                r.p999() / 1e3,
                r.max() / 1e3,
                plain(r.requestsPerWrite()),
                plain(r.serverCpuPerCall() / 1e3),
                plain(r.serverCpuShare()),
                plain(r.clientCpuPerCall() / 1e3),
                plain(r.clientCpuShare()),
                r.lateness() / 1e3,
                r.errors(),
                r.mismatches(),
                r.misses(),
                best.map(b -> plain(r.opsPerSecond() / b.opsPerSecond())).orElse(""),
                raw.map(b -> plain(r.p50() / b.p50())).orElse(""),
                raw.map(b -> plain(r.opsPerSecond() / b.opsPerSecond())).orElse(""),
                String.join(
                    ";",
                    r.roundsOpsPerSecond().stream()
                        .map(v -> String.format(Locale.ROOT, "%.0f", v))
                        .toList()),
                String.join(";", r.roundsSteal().stream().map(Report::plain).toList())));
      }
    }
    Files.write(file, lines);
  }

  private static String spread(CellResult r) {
    return r.roundsOpsPerSecond().size() > 1
        ? String.format(Locale.ROOT, "%.0f%%", r.spread() * 100)
        : "";
  }

  static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String micros(double nanos) {
    return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e3);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
  }

  private static String plain(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
  }
}
