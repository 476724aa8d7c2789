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
 * The side-by-side load benchmark: ours and the peers against one real memcached (or several), cell
 * by cell (workload x callers), each cell optionally followed by an open-loop run at a fixed
 * offered load. Within a cell the clients run one after another, in rounds: each round runs every
 * client once, in an order that rotates from round to round, so drift of a noisy machine spreads
 * over all of them; a client's result is its median round. Each run opens a fresh client. Settings:
 * {@link BenchSettings}; how to run it: memcache-benchmarks/README.md.
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
    System.out.println(Machine.keepHeapCommitted());
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
    Path table = s.outDir().resolve("load-" + stamp + ".md");

    List<CellResult> results = new ArrayList<>();
    List<MemcachedServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < s.servers(); i++) {
        MemcachedServer server =
            MemcachedServer.builder()
                .threads(s.serverThreads())
                .memoryMb(256)
                .extraArgs(s.serverArgs().toArray(String[]::new))
                .start();
        servers.add(server);
        System.out.println(Machine.pin(server.pid(), s.serverCpu()));
      }
      Run run = new Run(s, specs, servers);
      run.warmUp(s.workloads().get(0), s.callers().get(0));
      for (Workload w : s.workloads()) {
        for (int callers : s.callers()) {
          List<CellResult> closed = run.cell(w, callers, 0);
          System.out.print(Report.cell(closed) + run.shares());
          results.addAll(closed);
          Report.writeCsv(csv, results, s.servers()); // after every cell, to keep a partial run
          if (!s.openLoop()) continue;
          double rate =
              s.rate() > 0
                  ? s.rate()
                  : Report.bestPeer(closed).map(b -> b.opsPerSecond() / 2).orElse(0.0);
          if (rate <= 0) {
            System.out.println("  no open loop: no peer ran this cell and bench.rate is not set");
            continue;
          }
          List<CellResult> open = run.cell(w, callers, rate);
          System.out.print(Report.cell(open) + run.shares());
          results.addAll(open);
          Report.writeCsv(csv, results, s.servers());
        }
      }
    } finally {
      for (MemcachedServer server : servers) server.close();
    }
    System.out.print(Summary.of(results));
    Chart.write(png, results.stream().filter(r -> !r.openLoop()).toList(), s);
    Files.writeString(table, Summary.readmeTable(results));
    System.out.println("Wrote " + csv + ", " + png + " and " + table + " (the README's table)");
  }

  /** The servers, loaded data sets and clients of one run, and what each cell needs of them. */
  private static final class Run {
    private final BenchSettings s;
    private final List<ClientSpec> specs;
    private final List<String> addresses;
    private final List<Long> pids;
    private final Dataset small;
    private final Dataset large;
    private final Set<String> unavailable = new HashSet<>();
    private final Map<String, String> shares = new LinkedHashMap<>();
    private int cellIndex;

    Run(BenchSettings s, List<ClientSpec> specs, List<MemcachedServer> servers) throws IOException {
      this.s = s;
      this.specs = specs;
      addresses = servers.stream().map(MemcachedServer::address).toList();
      pids = servers.stream().map(MemcachedServer::pid).toList();
      small = Dataset.small(s.smallKeys());
      large =
          s.workloads().stream().anyMatch(Workload::large) ? Dataset.large(s.largeKeys()) : null;
      // Every key on every server: whatever server a client's distribution picks holds it
      for (MemcachedServer server : servers) {
        small.preload(server.host(), server.port());
        if (large != null) large.preload(server.host(), server.port());
      }
    }

    /**
     * One cell, every client in rounds; closed loop when {@code rate} is 0, else open loop at that
     * many calls per second.
     */
    List<CellResult> cell(Workload w, int callers, double rate) throws InterruptedException {
      Map<String, List<CellResult>> rounds = new LinkedHashMap<>();
      for (int round = 0; round < s.rounds(); round++) {
        for (ClientSpec spec : rotate(specs, cellIndex++)) {
          if (!runs(spec, w, callers)) continue;
          CellResult r = runOne(spec, w, callers, rate);
          if (r == null) unavailable.add(spec.name());
          else rounds.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(r);
        }
      }
      List<CellResult> cell = new ArrayList<>();
      for (List<CellResult> one : rounds.values()) cell.add(CellResult.ofRounds(one));
      cell.sort(Comparator.comparingInt(r -> s.clients().indexOf(r.client())));
      return cell;
    }

    /**
     * Runs every client once on the run's first cell and drops the results: the JVM is cold at
     * first, and the first cell's first client (ours, in the rotation) measured its first round at
     * about half its later ones (18,081 gets/s against 29,121 and 34,773 in a full run on 6
     * December 2026).
     */
    void warmUp(Workload w, int callers) throws InterruptedException {
      for (ClientSpec spec : specs) {
        if (runs(spec, w, callers) && runOne(spec, w, callers, 0) == null) {
          unavailable.add(spec.name());
        }
      }
      shares.clear();
    }

    /** Whether {@code spec} runs the cell of {@code w} at {@code callers}. */
    private boolean runs(ClientSpec spec, Workload w, int callers) {
      if (callers > spec.maxCallers() || unavailable.contains(spec.name())) return false;
      if (w.noreply() && !spec.hasNoReply()) return false;
      return !(spec.raw() && addresses.size() > 1);
    }

    /**
     * With several servers, a line saying how each client of the last cell spread its keys over
     * them (of {@code cmd_get + cmd_set}, warm-up included); else nothing.
     */
    String shares() {
      if (shares.isEmpty()) return "";
      StringBuilder line = new StringBuilder("   keys per server:");
      shares.forEach((client, share) -> line.append(' ').append(client).append(' ').append(share));
      shares.clear();
      return line.append('\n').toString();
    }

    /** One client on one cell with a fresh client; {@code null} when it cannot be opened. */
    private CellResult runOne(ClientSpec spec, Workload w, int callers, double rate)
        throws InterruptedException {
      // Start every run with the previous run's garbage gone (the heap stays committed:
      // Machine.keepHeapCommitted)
      System.gc();
      ClientAdapter client;
      try {
        client = spec.factory().open(addresses, s);
      } catch (Exception | LinkageError e) {
        System.out.println("  skipping " + spec.name() + " from now on: cannot open it: " + e);
        return null;
      }
      long[] before = addresses.size() > 1 ? ServerStats.commands(addresses) : null;
      try {
        Dataset data = w.large() ? large : small;
        return CellRunner.run(spec, client, w, data, callers, rate, pids, s);
      } finally {
        if (before != null)
          shares.put(spec.name(), ServerStats.shares(before, ServerStats.commands(addresses)));
        try {
          client.close();
        } catch (Exception e) {
          System.out.println("  " + spec.name() + ": close failed: " + e);
        }
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
