package dev.memcache.java.routing;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.java.MemcacheClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Virtual threads that each set and read back their own keys in a loop (and multi-get them all),
 * tallying every outcome by phase and by whether the key belongs to the victim server. A value that
 * is not the caller's own key's is recorded as a problem, as is any exception other than a
 * connection error or a timeout.
 */
final class OwnKeysLoad implements AutoCloseable {
  /** {@code MULTI_GET}: a multi-get returned (only the caller's own values, any number of them). */
  enum Outcome {
    OWN_VALUE,
    MISS,
    STORED,
    NOT_STORED,
    MULTI_GET,
    CONNECTION_ERROR,
    TIMEOUT,
    WRONG_VALUE,
    UNEXPECTED
  }

  /** Counts of one phase: {@code [victim ? 1 : 0][outcome]}, and the slowest call. */
  static final class Tally {
    private final LongAdder[][] counts = new LongAdder[2][Outcome.values().length];
    final AtomicLong slowestNanos = new AtomicLong();

    Tally() {
      for (LongAdder[] row : counts) for (int i = 0; i < row.length; i++) row[i] = new LongAdder();
    }

    long count(boolean victim, Outcome... outcomes) {
      long sum = 0;
      for (Outcome o : outcomes) sum += counts[victim ? 1 : 0][o.ordinal()].sum();
      return sum;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      for (int v = 1; v >= 0; v--) {
        s.append(v == 1 ? "victim keys {" : "} other keys {");
        for (Outcome o : Outcome.values())
          if (counts[v][o.ordinal()].sum() > 0)
            s.append(' ').append(o).append('=').append(counts[v][o.ordinal()].sum());
      }
      return s.append(" } slowest ")
          .append(slowestNanos.get() / 1_000_000)
          .append(" ms")
          .toString();
    }
  }

  private final MemcacheClient client;
  private final Predicate<String> onVictim;
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> keys = new ArrayList<>();
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private volatile Tally current;
  private volatile boolean stop;

  /**
   * Starts {@code threads} callers with {@code keysPerThread} keys each, tallying into phase {@code
   * phase}.
   */
  OwnKeysLoad(
      MemcacheClient client,
      Predicate<String> onVictim,
      int threadCount,
      int keysPerThread,
      String phase) {
    this.client = client;
    this.onVictim = onVictim;
    phase(phase);
    for (int t = 0; t < threadCount; t++) {
      List<String> own = new ArrayList<>();
      for (int k = 0; k < keysPerThread; k++) own.add("t" + t + ":k" + k);
      keys.addAll(own);
      threads.add(Thread.ofVirtual().name("load-" + t).start(() -> run(own)));
    }
  }

  /** Every caller's keys. */
  List<String> keys() {
    return keys;
  }

  /** From now on outcomes count towards {@code name}. */
  void phase(String name) {
    current = tallies.computeIfAbsent(name, n -> new Tally());
  }

  Tally tally(String phase) {
    return tallies.computeIfAbsent(phase, n -> new Tally());
  }

  /** Wrong values and unexpected exceptions seen so far (at most a few kept). */
  List<String> problems() {
    return List.copyOf(problems);
  }

  private void run(List<String> keys) {
    for (long round = 0; !stop; round++) {
      for (String key : keys) {
        String value = key + "@" + round;
        boolean victim = onVictim.test(key);
        call(key, victim, () -> client.set(key, value) ? Outcome.STORED : Outcome.NOT_STORED);
        call(key, victim, () -> check(key, client.get(key)));
      }
      // counted as a victim call when any of the keys is the victim's
      call(
          "multi-get " + keys,
          keys.stream().anyMatch(onVictim),
          () -> {
            for (Map.Entry<String, Object> e : client.getMulti(keys).entrySet()) {
              if (check(e.getKey(), e.getValue()) == Outcome.WRONG_VALUE)
                return Outcome.WRONG_VALUE;
            }
            return Outcome.MULTI_GET;
          });
      // A round stands for one request of a service, and requests do not come back to back:
      // without a pause, callers whose calls fail fast never park, hold the carriers and turn
      // the test into one of CPU starvation (live servers' requests timing out unanswered).
      pause();
    }
  }

  private void pause() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = true;
    }
  }

  private Outcome check(String key, Object got) {
    if (got == null) return Outcome.MISS;
    if (got instanceof String s && s.startsWith(key + "@")) return Outcome.OWN_VALUE;
    problem(key + " read " + got);
    return Outcome.WRONG_VALUE;
  }

  private void call(String what, boolean victim, Supplier<Outcome> op) {
    Tally tally = current;
    long start = System.nanoTime();
    Outcome outcome;
    try {
      outcome = op.get();
    } catch (MemcacheConnectionException e) {
      outcome = Outcome.CONNECTION_ERROR;
    } catch (MemcacheTimeoutException e) {
      outcome = Outcome.TIMEOUT;
    } catch (RuntimeException | Error e) {
      problem(what + ": " + e);
      outcome = Outcome.UNEXPECTED;
    }
    long took = System.nanoTime() - start;
    tally.slowestNanos.accumulateAndGet(took, Math::max);
    tally.counts[victim ? 1 : 0][outcome.ordinal()].increment();
  }

  private void problem(String what) {
    if (problems.size() < 20) problems.add(what);
  }

  /** Stops the callers and waits for them; true when every one ended within 10 s (none hangs). */
  boolean stop() throws InterruptedException {
    stop = true;
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) return false;
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
