package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.Command;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's free in-flight slots ({@code maxInFlight}) and the requests waiting for one.
 * Taking a free slot is one CAS. A request that finds none is pushed, lock-free, on a stack of
 * arrivals and its caller parks untimed, like any caller awaiting a reply; whoever serves the queue
 * (a freed slot, the sweeper) first moves the arrivals, in arrival order, to a FIFO queue, and a
 * freed slot goes to the oldest waiting request, which the connection then queues for writing. The
 * sweeper times waiting requests out. There are no timed waits: with one timed {@code
 * Semaphore.tryAcquire} per caller, 100,000 callers expiring together made AQS's queue clean-up
 * quadratic, and timeouts came 1.1 s late at the median.
 *
 * <p>Callers never wait for the lock that guards the FIFO queue (only those serving it take it, and
 * a caller only tries it): a virtual thread blocked on a lock is woken through the scheduler's
 * queue, behind every runnable virtual thread, and each hand-over of a lock waits that long. With
 * 100,000 callers and a lock in the callers' path, 1,000 to 10,000 of them queued on it for 2 to
 * 600 ms each on average, and the sweeper, queued behind them, once timed nothing out for 0.9 s.
 *
 * <p>While requests wait, a new request queues behind them even if a slot is free, so requests
 * issued by one thread keep their order (the futures and coroutine facades do not wait in between).
 */
final class InFlightSlots {
  private static final VarHandle FREE, ARRIVED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FREE = lookup.findVarHandle(InFlightSlots.class, "free", int.class);
      ARRIVED = lookup.findVarHandle(InFlightSlots.class, "arrived", Request.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The end of the arrivals while {@link #takeArrivals} moves them. */
  private static final Request<?> MOVING = new Request<Void>(Command.NOOP, null, 0, r -> null);

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  /** Free slots: taken and given back with a CAS, like a non-fair semaphore's permits. */
  private volatile int free;

  /**
   * Requests that found no free slot, newest first, linked by {@link Request#queued} (free until a
   * request is queued for writing): pushed by callers with a CAS, taken whole under the lock.
   */
  private volatile Request<?> arrived;

  /**
   * The oldest request in the FIFO queue; read without the lock. Queued requests are linked by
   * {@link Request#queued}.
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
    return !waiting() && tryAcquire();
  }

  /** Whether requests wait: arrivals read first, as {@link #takeArrivals} empties them last. */
  private boolean waiting() {
    return arrived != null || first != null;
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
    if (waiting()) serve();
  }

  /**
   * Queues {@code r} until a slot is free for it. Never waits for the lock: a slot freed meanwhile
   * is handed out here only when the lock is free, else by whoever holds it.
   */
  void await(Request<?> r) {
    Request<?> top;
    do {
      top = arrived;
      r.queued = top;
    } while (!ARRIVED.compareAndSet(this, top, r));
    if (!connection.isOpen()) failWaiting(connection.closedCause()); // close() may have missed r
    else if (free > 0) serve(); // a slot may have been freed before r arrived
  }

  /**
   * Hands free slots to the oldest waiting requests, in order, and has them written. Only tries the
   * lock: its holder serves again after unlocking (see {@link #unlock}), so no slot stays free
   * while requests wait.
   */
  void serve() {
    while (connection.isOpen() && waiting() && free > 0 && lock.tryLock()) {
      boolean admitted;
      try {
        admitted = admitLocked();
      } finally {
        lock.unlock();
      }
      if (admitted) connection.queue.admitted();
    }
  }

  /**
   * Unlocks, then serves what arrived or was freed while the lock was held: {@link #serve} and
   * {@link #await} only try the lock, and leave that to its holder when they miss it.
   */
  private void unlock() {
    lock.unlock();
    serve();
  }

  /**
   * Moves the arrivals to the FIFO queue, oldest first, noting how far deadlines are out of order.
   * Meanwhile {@link #arrived} holds {@link #MOVING}, never null, so that {@link #take} sees that
   * requests wait until they are in the queue.
   */
  private void takeArrivals() {
    if (arrived == null) return;
    Request<?> r = (Request<?>) ARRIVED.getAndSet(this, MOVING);
    Request<?> reversed = null;
    while (r != null && r != MOVING) {
      Request<?> older = r.queued;
      r.queued = reversed;
      reversed = r;
      r = older;
    }
    for (r = reversed; r != null; r = reversed) {
      reversed = r.queued;
      r.queued = null;
      append(r);
    }
    ARRIVED.compareAndSet(this, MOVING, null); // unless requests arrived meanwhile
  }

  private void append(Request<?> r) {
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
  }

  private boolean admitLocked() {
    if (!connection.isOpen()) return false; // the connection fails the waiting requests
    takeArrivals();
    boolean admitted = false;
    long now = 0;
    Request<?> r;
    while ((r = first) != null) {
      Request<?> next = r.queued;
      if (r.isDone()) {
        r.queued = null;
      } else {
        if (!tryAcquire()) break;
        if (now == 0) now = System.nanoTime(); // only for requests that waited: one read a batch
        waited(r, now);
        // Queued for writing (its link now the pending stack's) before it leaves the wait queue,
        // so that no later request of its thread overtakes it.
        connection.queue.push(r);
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
    if (!waiting()) return;
    lock.lock();
    try {
      takeArrivals();
      Request<?> before = null;
      for (Request<?> r = first, next; r != null; r = next) {
        next = r.queued;
        if (r.expired(now) && r.timeout()) waited(r, now);
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
      unlock();
    }
  }

  /** Notes how long {@code r} waited for a slot (for its timeout's message) and tells the node. */
  private void waited(Request<?> r, long now) {
    long waited = Math.max(0, now - (r.deadlineNanos() - connection.timeoutNanos()));
    r.slotWaitMillis = (char) Math.min(Character.MAX_VALUE, waited / 1_000_000);
    connection.slotWaited(waited);
  }

  /** The slots free now (racy: for messages). */
  int free() {
    return free;
  }

  /** Fails every waiting request: the connection closed before they were sent. */
  void failWaiting(MemcacheException cause) {
    lock.lock();
    try {
      takeArrivals();
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
