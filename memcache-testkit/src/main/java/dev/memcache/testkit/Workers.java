package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The virtual threads of a load test, which cannot fail unnoticed: {@link #joinAll} fails the test
 * when any worker threw (an exception in a bare thread only reaches the uncaught-exception handler,
 * and the test passes) or is still running at the deadline (a bare {@code join(timeout)} returns
 * either way).
 */
public final class Workers {
  /** A worker's body; it may throw anything, which {@link #joinAll} reports. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the worker.
     *
     * @throws Exception anything, reported as a test failure
     */
    void run() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** No workers yet; start them with {@link #start}. */
  public Workers() {}

  /**
   * Starts a worker on a new virtual thread.
   *
   * @param body what the worker does
   * @return its thread
   */
  public Thread start(Body body) {
    Thread t = unstarted(body);
    t.start();
    return t;
  }

  /**
   * A worker on a new virtual thread, not started yet (to start many at once).
   *
   * @param body what the worker does
   * @return its thread, to be started by the caller
   */
  public Thread unstarted(Body body) {
    Thread t =
        Thread.ofVirtual()
            .name("worker-" + threads.size())
            .unstarted(
                () -> {
                  try {
                    body.run();
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
    threads.add(t);
    return t;
  }

  /**
   * The workers' threads, in the order they were made.
   *
   * @return the threads
   */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  /**
   * Waits for every worker, then fails the test if one threw or is still running.
   *
   * @param timeout how long all of them together may take
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void joinAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> unfinished = new ArrayList<>();
    for (Thread t : threads) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!t.join(Duration.ofNanos(left))) unfinished.add(t);
    }
    if (!failures.isEmpty()) {
      AssertionError e =
          new AssertionError(
              failures.size() + " of " + threads.size() + " workers threw", failures.peek());
      failures.stream().skip(1).limit(4).forEach(e::addSuppressed);
      throw e;
    }
    if (!unfinished.isEmpty()) {
      StringBuilder where = new StringBuilder();
      for (StackTraceElement s : unfinished.get(0).getStackTrace())
        where.append("\n  at ").append(s);
      fail(
          unfinished.size()
              + " of "
              + threads.size()
              + " workers still run after "
              + timeout.toMillis()
              + " ms; "
              + unfinished.get(0).getName()
              + " is"
              + where);
    }
  }
}
