package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The senders' side of a {@link Connection}'s writer half: an in-flight slot per request ({@link
 * InFlightSlots}), the lock-free pending stack every writer drains, and the noreply burst rule.
 * Sending never blocks: a sender pushes its request and tries to become the writer ({@link
 * ConnectionWriter#flush}); when another thread is writing, that thread writes it.
 *
 * <p><b>Thread rules</b> (one owner per field):
 *
 * <ul>
 *   <li>{@code pending}: any sender (a caller, or whoever admits a request to a freed slot) pushes
 *       with a CAS; the writer takes it whole ({@code getAndSet}, {@link #takeOldestFirst}); the
 *       sweeper walks it for deadlines; a close empties it ({@link #failQueued}). The CAS publishes
 *       the request's command fields to the writer.
 *   <li>In {@link Request}: {@code connection}, {@code queued}, {@code depth}: written by the
 *       sender before the CAS that pushes the request; then the writer's.
 *   <li>{@code lastQuietNanos}, {@code lastCarrierRelease}: every sender, unsynchronised heuristics
 *       (a lost update is harmless).
 * </ul>
 */
final class SendQueue {
  /** Noreply requests written together in a burst. */
  static final int QUIET_BATCH = 64;

  /** Noreply requests closer together than this make a burst. */
  private static final long BURST_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private static final long CARRIER_RELEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Connection connection;
  private final InFlightSlots permits;

  /** Requests waiting to be written: a lock-free stack (newest first) the writer takes whole. */
  private final AtomicReference<Request<?>> pending = new AtomicReference<>();

  private long lastQuietNanos, lastCarrierRelease;

  SendQueue(Connection connection, InFlightSlots permits) {
    this.connection = connection;
    this.permits = permits;
  }

  /** See {@link Connection#send}. */
  void send(Request<?> r) {
    r.connection = connection;
    if (!slotFor(r)) return;
    push(r);
    MemcacheException c = connection.closedCause();
    if (c != null) {
      failQueued(c); // the reader may have drained the queue before our offer
      return;
    }
    if (r.noreply) sendQuietly(r);
    else connection.writer.flush(r);
  }

  /** See {@link Connection#sendAll}. */
  void sendAll(List<? extends Request<?>> rs) {
    Request<?> last = null;
    Set<Request<?>> waiting = null;
    for (Request<?> r : rs) {
      r.connection = connection;
      if (!slotFor(r)) {
        if (waiting == null) waiting = Collections.newSetFromMap(new IdentityHashMap<>());
        waiting.add(r);
        continue;
      }
      push(r);
      last = r;
    }
    if (last == null) return;
    MemcacheException c = connection.closedCause();
    if (c != null) {
      failQueued(c);
      return;
    }
    connection.writer.flush(last);
    if (last.noreply && connection.isConnected()) {
      for (Request<?> r : rs) if (waiting == null || !waiting.contains(r)) r.complete();
    }
  }

  /**
   * Takes an in-flight slot for {@code r}, or queues it for one ({@link InFlightSlots#await}: it is
   * pushed when admitted) and returns false.
   */
  private boolean slotFor(Request<?> r) {
    if (permits.take()) return true;
    connection.writer.writeLingering(); // queued noreply writes hold slots until written
    if (permits.take()) return true;
    permits.await(r);
    return false;
  }

  /**
   * Pushes {@code r} on the pending stack (also, by {@link InFlightSlots}, one admitted to a slot).
   */
  void push(Request<?> r) {
    Request<?> top;
    do {
      top = pending.get();
      r.queued = top;
      r.depth = top == null ? 1 : top.depth + 1;
    } while (!pending.compareAndSet(top, r));
  }

  /** After {@link InFlightSlots} pushed requests it admitted: the writer thread writes them. */
  void admitted() {
    MemcacheException c = connection.closedCause();
    if (c != null) failQueued(c);
    else if (connection.isConnected()) connection.writer.startThread();
  }

  /**
   * A noreply request: its caller goes on at once, without waiting for the write. A lone one is
   * written now; in a burst (the previous one came less than {@link #BURST_NANOS} ago) they are
   * written {@link #QUIET_BATCH} at a time, and the sweeper writes a burst's tail within a tick.
   * Any request that awaits a reply writes everything queued before it, so a caller's later reads
   * see its noreply writes. While the connection opens, the caller waits for the write: a failed
   * connect then fails its request.
   */
  private void sendQuietly(Request<?> r) {
    long now = System.nanoTime();
    boolean burst = now - lastQuietNanos < BURST_NANOS;
    lastQuietNanos = now;
    if (!burst || r.depth >= QUIET_BATCH) connection.writer.flush(r);
    if (!connection.isConnected()) return; // completed once written, or failed
    r.complete(); // false when already written (and completed) or failed: the caller then learns it
    if (now - lastCarrierRelease > CARRIER_RELEASE_NANOS && Thread.currentThread().isVirtual()) {
      // A caller looping on noreply writes never parks; on a virtual thread it would keep its
      // carrier from every other virtual thread (Thread.yield does not run those started or woken
      // from other threads). Now and then it lets them run.
      lastCarrierRelease = now;
      LockSupport.parkNanos(1_000);
    }
  }

  /** Whether requests are pushed and not yet taken by a writer. */
  boolean hasPending() {
    return pending.get() != null;
  }

  /** The writer: takes every pending request, oldest first, linked by {@code queued}. */
  Request<?> takeOldestFirst() {
    Request<?> newestFirst = pending.getAndSet(null);
    Request<?> oldestFirst = null;
    while (newestFirst != null) {
      Request<?> older = newestFirst.queued;
      newestFirst.queued = oldestFirst;
      oldestFirst = newestFirst;
      newestFirst = older;
    }
    return oldestFirst;
  }

  /** The sweeper: times out pending requests past their deadline; returns the budget left. */
  int expire(long now, int budget) {
    for (Request<?> r = pending.get(); r != null && budget-- > 0; r = r.queued) {
      if (r.expired(now)) r.timeout();
    }
    return budget;
  }

  /** Fails everything pending: the connection closed before it was written. */
  void failQueued(MemcacheException cause) {
    for (Request<?> r = pending.getAndSet(null); r != null; r = r.queued) {
      connection.failUnsent(r, cause);
    }
  }
}
