package dev.memcache.benchmarks;

import dev.memcache.benchmarks.Workload.Op;
import dev.memcache.benchmarks.clients.ClientAdapter;
import dev.memcache.benchmarks.clients.ClientSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one client on one cell: {@code callers} virtual threads call through a warm-up, then a
 * measured window. Each caller logs its own latencies into a plain array (no shared state on the
 * hot path); they are merged into one histogram afterwards.
 *
 * <p>Closed loop: each caller makes its next call as soon as the last one returned. Open loop (a
 * {@code rate} above 0): the calls have intended start times {@code 1 / rate} apart, dealt out to
 * the callers in turn (caller {@code i} owns slots {@code i, i + callers, ...}); a caller sleeps
 * until its next slot, or starts at once when it is late, and its latency counts from the slot,
 * never from the actual start. A call that stalls therefore charges every call queued behind it
 * with the wait (coordinated omission corrected, as wrk2 does), whatever the schedule of the
 * replies. The open loop records every call meant to start in the measured window, also when it
 * returns after the window; slots still unissued when the window closes are not counted.
 */
final class CellRunner {
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  /** The divisor of a round's steal: the machine's CPUs, not only those the JVM may use. */
  private static final int MACHINE_CPUS = Machine.machineCpus();

  private final ClientAdapter client;
  private final Workload workload;
  private final Dataset data;
  private final double rate;
  private final int callers;
  private final long startNanos = System.nanoTime();

  private volatile int phase = WARMUP;
  // The measured window, in System.nanoTime(); the open loop records the calls meant to start in it
  private volatile long measureFrom = Long.MAX_VALUE;
  private volatile long measureTo = Long.MAX_VALUE;

  private CellRunner(
      ClientAdapter client, Workload workload, Dataset data, double rate, int callers) {
    this.client = client;
    this.workload = workload;
    this.data = data;
    this.rate = rate;
    this.callers = callers;
  }

  /**
   * Runs {@code client} on a cell, closed loop when {@code rate} is 0, else open loop at {@code
   * rate} calls per second; {@code serverPids} are the memcached processes whose CPU it reads.
   */
  static CellResult run(
      ClientSpec spec,
      ClientAdapter client,
      Workload workload,
      Dataset data,
      int callers,
      double rate,
      List<Long> serverPids,
      BenchSettings s)
      throws InterruptedException {
    return new CellRunner(client, workload, data, rate, callers).run(spec, serverPids, s);
  }

  private CellResult run(ClientSpec spec, List<Long> serverPids, BenchSettings s)
      throws InterruptedException {
    List<Caller> all = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    // The open loop knows its calls: room for them up front, so no caller copies its array mid-run
    double perCaller = rate * s.openMeasure().toNanos() / 1e9 / callers;
    int room = (int) Math.min(1 << 24, Math.max(1024, perCaller * 1.05 + 1024));
    for (int i = 0; i < callers; i++) {
      Caller c = new Caller(i, room);
      all.add(c);
      threads.execute(c);
    }
    TimeUnit.MILLISECONDS.sleep(s.warmup().toMillis());
    long writes0 = Machine.writeSyscalls();
    long cpu0 = Machine.cpuNanos(serverPids);
    long jvm0 = Machine.cpuNanos(Machine.THIS_JVM);
    long steal0 = Machine.stealNanos();
    long t0 = System.nanoTime();
    measureFrom = t0;
    phase = MEASURE;
    TimeUnit.MILLISECONDS.sleep((rate > 0 ? s.openMeasure() : s.measure()).toMillis());
    long t1 = System.nanoTime();
    measureTo = t1;
    phase = STOP;
    long elapsed = t1 - t0;
    long cpu = Machine.since(cpu0, Machine.cpuNanos(serverPids));
    long jvm = Machine.since(jvm0, Machine.cpuNanos(Machine.THIS_JVM));
    long writes = Machine.since(writes0, Machine.writeSyscalls());
    long steal = Machine.since(steal0, Machine.stealNanos());
    threads.shutdown();
    if (!threads.awaitTermination(s.timeout().toMillis() * 2 + 5000, TimeUnit.MILLISECONDS)) {
      threads.shutdownNow();
      System.out.println(
          "  "
              + spec.name()
              + ": callers still blocked "
              + (s.timeout().toMillis() * 2 + 5000)
              + " ms after the end");
    }
    return summarize(spec, all, elapsed, writes, cpu, jvm, steal);
  }

  private CellResult summarize(
      ClientSpec spec,
      List<Caller> all,
      long elapsedNanos,
      long writes,
      long cpuNanos,
      long jvmCpuNanos,
      long stealNanos) {
    double seconds = elapsedNanos / 1e9;
    Histogram h = new Histogram(3);
    long ops = 0, keys = 0, errors = 0, mismatches = 0, misses = 0, late = 0;
    String firstError = null;
    for (Caller c : all) {
      for (int i = 0; i < c.count; i++) h.recordValue(c.latencies[i]);
      ops += c.count;
      keys += c.keys;
      errors += c.errors;
      mismatches += c.mismatches;
      misses += c.misses;
      late += c.lateness;
      if (firstError == null && c.firstError != null) firstError = c.firstError.toString();
    }
    double perWrite = writes > 0 ? ops / (double) writes : Double.NaN;
    return new CellResult(
        rate,
        workload,
        callers,
        spec.name(),
        spec.peer(),
        ops / seconds,
        keys / seconds,
        h,
        perWrite,
        per(cpuNanos, ops),
        per(cpuNanos, elapsedNanos),
        per(jvmCpuNanos, ops),
        per(jvmCpuNanos, elapsedNanos),
        ops > 0 ? late / (double) ops : 0,
        errors,
        mismatches,
        misses,
        firstError,
        List.of(ops / seconds),
        List.of(per(stealNanos, elapsedNanos * MACHINE_CPUS)));
  }

  /** A CPU time ({@code -1}: unavailable) over calls or nanoseconds; NaN when either is missing. */
  private static double per(long cpuNanos, long over) {
    return cpuNanos >= 0 && over > 0 ? cpuNanos / (double) over : Double.NaN;
  }

  /** One virtual thread's loop and its private tallies. */
  private final class Caller implements Runnable {
    final int index;
    long[] latencies;
    int count;
    long keys, errors, mismatches, misses, lateness;
    Throwable firstError;

    Caller(int index, int room) {
      this.index = index;
      this.latencies = new long[room];
    }

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      // Open loop: this caller's slots, in nanoseconds (double: rates need not divide a second)
      double slot = rate > 0 ? 1e9 / rate : 0;
      double intended = startNanos + index * slot;
      long calls = 0;
      while (phase != STOP) {
        int k = random.nextInt(data.size());
        Op op = workload.next(random);
        // Not timed
        List<String> multi = op == Op.MULTI_GET ? data.multiKeys(k, workload.keysPerCall()) : null;
        long start;
        if (rate > 0) {
          start = (long) (intended + calls++ * slot * callers);
          if (!sleepUntil(start)) break;
        } else {
          start = System.nanoTime();
        }
        Object reply;
        try {
          reply = call(op, k, multi);
        } catch (Exception e) {
          errors++;
          if (firstError == null) firstError = e;
          continue;
        }
        long elapsed = System.nanoTime() - start;
        if (rate > 0 ? inWindow(start) : phase == MEASURE) record(elapsed, op);
        check(op, k, reply);
      }
    }

    /**
     * Parks until {@code time} (at once when it has passed); adds how late it woke to the lateness
     * when measuring. False when the run ended meanwhile.
     */
    private boolean sleepUntil(long time) {
      for (long wait; (wait = time - System.nanoTime()) > 0 && phase != STOP; )
        LockSupport.parkNanos(wait);
      if (phase == STOP) return false;
      if (inWindow(time)) lateness += System.nanoTime() - time;
      return true;
    }

    /**
     * Whether an open-loop call meant to start at {@code intended} counts: it does when that is in
     * the measured window, however late it finishes (so a stall at the window's end is charged).
     */
    private boolean inWindow(long intended) {
      return intended >= measureFrom && intended < measureTo;
    }

    private Object call(Op op, int k, List<String> multi) throws Exception {
      return switch (op) {
        case GET -> client.get(data.key(k));
        case SET -> client.set(data.key(k), data.value(k));
        case SET_NOREPLY -> {
          client.setNoReply(data.key(k), data.value(k));
          yield null;
        }
        case MULTI_GET -> client.getMulti(multi);
      };
    }

    private void record(long elapsed, Op op) {
      if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
      latencies[count++] = elapsed;
      keys += op == Op.MULTI_GET ? workload.keysPerCall() : 1;
    }

    private void check(Op op, int k, Object reply) {
      switch (op) {
        case GET -> checkValue(k, reply);
        case SET -> {
          if (!Boolean.TRUE.equals(reply)) {
            errors++;
            if (firstError == null)
              firstError = new IllegalStateException("set of " + data.key(k) + " not stored");
          }
        }
        case SET_NOREPLY -> {} // nothing comes back; the cell after it reads the values
        case MULTI_GET -> {
          Map<?, ?> found = (Map<?, ?>) reply;
          if (found.size() > workload.keysPerCall()) mismatches++;
          for (int j = 0; j < workload.keysPerCall(); j++) {
            int i = data.multiIndex(k, j);
            checkValue(i, found.get(data.key(i)));
          }
        }
      }
    }

    private void checkValue(int k, Object value) {
      if (value == null) misses++;
      else if (!data.matches(k, value)) mismatches++;
    }
  }
}
