package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's free in-flight slots ({@code maxInFlight}) and the requests waiting for one.
 * Taking a free slot is one CAS. A request that finds none joins a FIFO queue and its caller parks
 * untimed, like any caller awaiting a reply; a freed slot goes to the oldest waiting request, which
 * the connection then queues for writing. The sweeper times waiting requests out. There are no
 * timed waits: with one timed {@code Semaphore.tryAcquire} per caller, 100,000 callers expiring
 * together made AQS's queue clean-up quadratic, and timeouts came 1.1 s late at the median.
 *
 * <p>While requests wait, a new request queues behind them even if a slot is free, so requests
 * issued by one thread keep their order (the futures and coroutine facades do not wait in between).
 */
final class InFlightSlots {
  private static final VarHandle FREE;

  static {
    try {
      FREE = MethodHandles.lookup().findVarHandle(InFlightSlots.class, "free", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  /** Free slots: taken and given back with a CAS, like a non-fair semaphore's permits. */
  private volatile int free;

  /**
   * The oldest waiting request; read without the lock. Waiting requests are linked by {@link
   * Request#queued}, free until a request is queued for writing.
   */
  private volatile Request<?> first;

  // Under lock.
  private Request<?> last;

  /** The latest deadline queued, and how much earlier than it a later-queued deadline was. */
  private long latestDeadline, disorderNanos;

  InFlightSlots(Connection connection, int maxInFlight) {
    this.connection = connection;
    this.free = maxInFlight;
  }

  /**
   * Takes a free slot unless requests are waiting (they go first); false when {@code r} must wait.
   */
  boolean take() {
    return first == null && tryAcquire();
  }

  private boolean tryAcquire() {
    int n;
    do {
      n = free;
      if (n <= 0) return false;
    } while (!FREE.weakCompareAndSet(this, n, n - 1));
    return true;
  }

  /** Gives a slot back; the oldest waiting request gets it. */
  void release() {
    FREE.getAndAdd(this, 1);
    if (first != null) serve();
  }

  /** Queues {@code r} until a slot is free for it. */
  void await(Request<?> r) {
    boolean admitted;
    lock.lock();
    try {
      long deadline = r.deadlineNanos();
      if (last == null) {
        first = r;
        latestDeadline = deadline;
      } else {
        last.queued = r;
        if (deadline - latestDeadline > 0) latestDeadline = deadline;
        else disorderNanos = Math.max(disorderNanos, latestDeadline - deadline);
      }
      last = r;
      // A slot may have been freed before r was queued, by a release that found no waiter.
      admitted = admitLocked();
    } finally {
      lock.unlock();
    }
    if (admitted) connection.admitted();
  }

  /** Hands free slots to the oldest waiting requests, in order, and has them written. */
  void serve() {
    boolean admitted;
    lock.lock();
    try {
      admitted = admitLocked();
    } finally {
      lock.unlock();
    }
    if (admitted) connection.admitted();
  }

  private boolean admitLocked() {
    if (!connection.isOpen()) return false; // the connection fails the waiting requests
    boolean admitted = false;
    Request<?> r;
    while ((r = first) != null) {
      Request<?> next = r.queued;
      if (r.isDone()) {
        r.queued = null;
      } else {
        if (!tryAcquire()) break;
        // Queued for writing (its link now the pending stack's) before it leaves the wait queue,
        // so that no later request of its thread overtakes it.
        connection.admit(r);
        admitted = true;
      }
      advance(next);
    }
    return admitted;
  }

  private void removeFirst() {
    Request<?> r = first;
    Request<?> next = r.queued;
    r.queued = null;
    advance(next);
  }

  private void advance(Request<?> next) {
    first = next;
    if (next == null) {
      last = null;
      disorderNanos = 0;
    }
  }

  /**
   * Times out the waiting requests past their deadline and drops the abandoned ones (the sweeper,
   * every tick). Stops at the first request waiting in time by more than the queue's disorder:
   * every later one waits in time too (with one operation timeout, deadlines come nearly in order
   * and a tick looks at few requests, not at all 100,000).
   */
  void expire(long now) {
    if (first == null) return;
    lock.lock();
    try {
      Request<?> before = null;
      for (Request<?> r = first, next; r != null; r = next) {
        next = r.queued;
        if (r.expired(now)) r.timeout();
        if (!r.isDone()) {
          if (r.deadlineNanos() - now > disorderNanos) break;
          before = r;
        } else if (before == null) {
          removeFirst();
        } else {
          before.queued = next;
          r.queued = null;
          if (next == null) last = before;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Fails every waiting request: the connection closed before they were sent. */
  void failWaiting(MemcacheException cause) {
    lock.lock();
    try {
      while (first != null) {
        Request<?> r = first;
        removeFirst();
        r.fail(connection.unsentFailure(r, cause));
      }
    } finally {
      lock.unlock();
    }
  }
}
