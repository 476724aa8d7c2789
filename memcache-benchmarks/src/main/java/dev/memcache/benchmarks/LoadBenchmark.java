package dev.memcache.benchmarks;

import dev.memcache.benchmarks.clients.ClientAdapter;
import dev.memcache.benchmarks.clients.ClientSpec;
import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side load benchmark: ours and the peers against one real memcached, cell by cell
 * (workload x callers). Within a cell the clients run one after another, in rounds: each round runs
 * every client once, in an order that rotates from round to round, so drift of a noisy machine
 * spreads over all of them; a client's result is its median round. Each run opens a fresh client.
 * Settings: {@link BenchSettings}; how to run it: memcache-benchmarks/README.md.
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSettings s = BenchSettings.fromSystemProperties();
    List<ClientSpec> specs = ClientSpec.forNames(s.clients());
    System.out.println("Load benchmark: " + s);
    System.out.println(
        "JVM "
            + Runtime.version()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " processors, CPUs allowed: "
            + Machine.jvmCpus()
            + "; "
            + memcachedVersion());
    if (s.serverCpu() >= 0 && Machine.jvmCpus().contains(Integer.toString(s.serverCpu()))) {
      System.out.println(
          "NOTE: this JVM may share CPU "
              + s.serverCpu()
              + " with memcached; start it under `taskset -c 1`.");
    }
    Files.createDirectories(s.outDir());
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path csv = s.outDir().resolve("load-" + stamp + ".csv");
    Path png = s.outDir().resolve("load-" + stamp + ".png");

    List<CellResult> results = new ArrayList<>();
    try (MemcachedServer server =
        MemcachedServer.builder().threads(s.serverThreads()).memoryMb(256).start()) {
      System.out.println(Machine.pin(server.pid(), s.serverCpu()));
      Dataset small = Dataset.small(s.smallKeys());
      Dataset large =
          s.workloads().stream().anyMatch(Workload::large) ? Dataset.large(s.largeKeys()) : null;
      small.preload(server.host(), server.port());
      if (large != null) large.preload(server.host(), server.port());

      Set<String> unavailable = new HashSet<>();
      int cellIndex = 0;
      for (Workload w : s.workloads()) {
        for (int callers : s.callers()) {
          Map<String, List<CellResult>> rounds = new LinkedHashMap<>();
          for (int round = 0; round < s.rounds(); round++) {
            for (ClientSpec spec : rotate(specs, cellIndex++)) {
              if (callers > spec.maxCallers() || unavailable.contains(spec.name())) continue;
              if (w.noreply() && !spec.hasNoReply()) continue;
              CellResult r = runOne(spec, server, w, w.large() ? large : small, callers, s);
              if (r == null) unavailable.add(spec.name());
              else rounds.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(r);
            }
          }
          List<CellResult> cell = new ArrayList<>();
          for (List<CellResult> one : rounds.values()) cell.add(CellResult.ofRounds(one));
          cell.sort(Comparator.comparingInt(r -> BenchSettings.ALL_CLIENTS.indexOf(r.client())));
          System.out.print(Report.cell(cell));
          results.addAll(cell);
          // After every cell, so an interrupted run keeps what it measured
          Report.writeCsv(csv, results);
        }
      }
    }
    System.out.print(Report.summary(results));
    Chart.write(png, results, s);
    System.out.println("Wrote " + csv + " and " + png);
  }

  /** One client on one cell with a fresh client; {@code null} when the client cannot be opened. */
  private static CellResult runOne(
      ClientSpec spec,
      MemcachedServer server,
      Workload w,
      Dataset data,
      int callers,
      BenchSettings s)
      throws InterruptedException {
    System.gc(); // start every run with the previous run's garbage gone
    ClientAdapter client;
    try {
      client = spec.factory().open(server.host(), server.port(), s);
    } catch (Exception | LinkageError e) {
      System.out.println("  skipping " + spec.name() + " from now on: cannot open it: " + e);
      return null;
    }
    try {
      return CellRunner.run(spec, client, w, data, callers, s);
    } finally {
      try {
        client.close();
      } catch (Exception e) {
        System.out.println("  " + spec.name() + ": close failed: " + e);
      }
    }
  }

  /** The clients starting at a different one in each cell. */
  private static List<ClientSpec> rotate(List<ClientSpec> specs, int by) {
    List<ClientSpec> order = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) order.add(specs.get((i + by) % specs.size()));
    return order;
  }

  private static String memcachedVersion() {
    try {
      Process p =
          new ProcessBuilder(MemcachedServer.findBinary(), "-V").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      return v;
    } catch (IOException | RuntimeException e) {
      return "memcached version unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "memcached version unknown";
    }
  }
}
