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
import org.HdrHistogram.Histogram;

/**
 * Runs one client on one cell: {@code callers} virtual threads call in a closed loop through a
 * warm-up, then a measured window. Each caller logs its own latencies into a plain array (no shared
 * state on the hot path); they are merged into one histogram afterwards.
 */
final class CellRunner {
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private final ClientAdapter client;
  private final Workload workload;
  private final Dataset data;
  private volatile int phase = WARMUP;

  private CellRunner(ClientAdapter client, Workload workload, Dataset data) {
    this.client = client;
    this.workload = workload;
    this.data = data;
  }

  static CellResult run(
      ClientSpec spec,
      ClientAdapter client,
      Workload workload,
      Dataset data,
      int callers,
      BenchSettings s)
      throws InterruptedException {
    return new CellRunner(client, workload, data).run(spec, callers, s);
  }

  private CellResult run(ClientSpec spec, int callers, BenchSettings s)
      throws InterruptedException {
    List<Caller> all = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < callers; i++) {
      Caller c = new Caller();
      all.add(c);
      threads.execute(c);
    }
    TimeUnit.MILLISECONDS.sleep(s.warmup().toMillis());
    long writes0 = Machine.writeSyscalls();
    long t0 = System.nanoTime();
    phase = MEASURE;
    TimeUnit.MILLISECONDS.sleep(s.measure().toMillis());
    phase = STOP;
    long elapsed = System.nanoTime() - t0;
    long writes = Machine.writeSyscalls() - writes0;
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
    return summarize(spec, callers, all, elapsed / 1e9, writes0 < 0 ? -1 : writes);
  }

  private CellResult summarize(
      ClientSpec spec, int callers, List<Caller> all, double seconds, long writes) {
    Histogram h = new Histogram(3);
    long ops = 0, keys = 0, errors = 0, mismatches = 0, misses = 0;
    String firstError = null;
    for (Caller c : all) {
      for (int i = 0; i < c.count; i++) h.recordValue(c.latencies[i]);
      ops += c.count;
      keys += c.keys;
      errors += c.errors;
      mismatches += c.mismatches;
      misses += c.misses;
      if (firstError == null && c.firstError != null) firstError = c.firstError.toString();
    }
    double perWrite = writes > 0 ? ops / (double) writes : Double.NaN;
    return new CellResult(
        workload,
        callers,
        spec.name(),
        spec.peer(),
        ops / seconds,
        keys / seconds,
        h,
        perWrite,
        errors,
        mismatches,
        misses,
        firstError,
        List.of(ops / seconds));
  }

  /** One virtual thread's loop and its private tallies. */
  private final class Caller implements Runnable {
    long[] latencies = new long[1024];
    int count;
    long keys, errors, mismatches, misses;
    Throwable firstError;

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (phase != STOP) {
        int k = random.nextInt(data.size());
        Op op = workload.next(random);
        // Not timed
        List<String> multi = op == Op.MULTI_GET ? data.multiKeys(k, workload.keysPerCall()) : null;
        long start = System.nanoTime();
        Object reply;
        try {
          reply = call(op, k, multi);
        } catch (Exception e) {
          errors++;
          if (firstError == null) firstError = e;
          continue;
        }
        long elapsed = System.nanoTime() - start;
        if (phase == MEASURE) record(elapsed, op);
        check(op, k, reply);
      }
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
