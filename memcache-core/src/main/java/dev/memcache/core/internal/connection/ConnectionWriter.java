package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing half of a {@link Connection}: the write lock, batching and the writer thread. Whoever
 * holds the lock is "the writer": a caller that won {@code tryLock} ({@link #flush}), the writer
 * thread, the connector or the closer. It takes the whole pending stack ({@link SendQueue}),
 * encodes it into one buffer, links each request that expects a reply at the tail of the in-flight
 * list ({@link ConnectionReader} reads at its head) and writes the buffer in one call. Requests
 * over 64 KB are left to the writer thread, the only thread that may stay blocked on a server that
 * stops reading; the sweeper sees how long its write call has lasted (a stall).
 *
 * <p><b>Thread rules</b> (one owner per field):
 *
 * <ul>
 *   <li>{@code out}, {@code buffer}, {@code lastEncoded}, {@code tail}, {@code linked}, {@code
 *       writeCalls}, {@code requestsWritten}, {@code wroteUnanswered}: the writer, under {@code
 *       lock}; plain fields, the lock publishes them. {@code out} and {@code endWritesAfterValues}
 *       are set once, under the lock, by the connector.
 *   <li>{@code batch}, {@code writeStartedNanos}: the writer, under the lock; volatile because the
 *       sweeper reads them without it (the deadlines of requests taken but not yet encoded; how
 *       long the write call under way has lasted), and a polling reader {@code writeStartedNanos}
 *       (whether a write call is under way). Written once per write call, not per request.
 *   <li>{@code running}: a CAS by whoever starts the writer thread; that thread clears it.
 *   <li>In {@link Request}: {@code queued} (the batch's link), {@code depth} (its number in flight)
 *       and {@code sentNanos}: the writer, before it links the request at the tail; the link
 *       ({@code tail.next}, volatile) publishes them to the reader and the sweeper.
 * </ul>
 */
final class ConnectionWriter {
  /** The write buffer's size; a request bigger than this is the writer thread's to write. */
  static final int BUFFER_SIZE = 64 * 1024;

  private final Connection connection;
  private final ConnectionReader reader;
  private final SendQueue queue;
  private final ProtocolCodec codec;
  private final InFlightSlots permits;

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean running = new AtomicBoolean();
  private OutputStream out;
  private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);

  /** Over TLS: every write call ends where a value does ({@link #endWriteAfterValue}). */
  private boolean endWritesAfterValues;

  /** The request encoded last into the unwritten buffer (null once written), for merging. */
  private Request<?> lastEncoded;

  /** The newest request in flight (the in-flight list's tail; the sentinel at first). */
  private Request<?> tail;

  /** Requests linked in flight: a request's number in it goes into its {@code depth}. */
  private int linked;

  private long writeCalls, requestsWritten;

  /** Whether a request that gets no reply (a text noreply write) was written. */
  private boolean wroteUnanswered;

  /**
   * Requests taken from the pending stack but not yet encoded (linked by {@code queued}): published
   * while a write call may block and when a caller leaves big requests to the writer thread, so
   * that the sweeper times them out on time and the next writer writes them first.
   */
  private volatile Request<?> batch;

  /** When the write call under way started ({@code nanoTime | 1}), 0 when none is. */
  private volatile long writeStartedNanos;

  ConnectionWriter(
      Connection connection,
      ConnectionReader reader,
      SendQueue queue,
      ProtocolCodec codec,
      InFlightSlots permits,
      Request<?> sentinel) {
    this.connection = connection;
    this.reader = reader;
    this.queue = queue;
    this.codec = codec;
    this.permits = permits;
    this.tail = sentinel;
  }

  void lock() {
    lock.lock();
  }

  boolean tryLock(long millis) throws InterruptedException {
    return lock.tryLock(millis, TimeUnit.MILLISECONDS);
  }

  void unlock() {
    lock.unlock();
  }

  /**
   * Once connected, under the lock: where to write from now on, and whether it is a TLS stream,
   * whose write calls must end where a value does.
   */
  void connected(OutputStream out, boolean tls) {
    this.out = out;
    this.endWritesAfterValues = tls;
  }

  /** A sender: drains the pending requests onto the socket unless another thread is doing it. */
  void flush(Request<?> mine) {
    while (queue.hasPending() && lock.tryLock()) {
      boolean wrote;
      try {
        if (reader.awaitsReplies() && !mine.noreply) {
          // Replies are due: callers they wake are about to queue too. Let them, then write all in
          // one.
          Thread.yield();
        }
        wrote = writeQueued(false);
      } finally {
        lock.unlock();
      }
      if (!wrote) return; // still opening, or left to the writer thread: it writes the rest
    }
  }

  /**
   * Writes every pending request (first the rest of a batch left by a caller), under the lock. A
   * request leaves the writer's hands linked in flight, completed (noreply), or failed: when the
   * socket fails, the ones not yet encoded fail here. A caller ({@code mayBlock} false) leaves a
   * big request and everything after it to the writer thread and returns false: only that thread
   * may block on a server that stops reading, so callers keep their deadlines. Also false while
   * opening.
   */
  boolean writeQueued(boolean mayBlock) {
    if (out == null) return false; // opening: the opener writes what is queued
    long now = System.nanoTime();
    Request<?> rest = batch; // the rest of a batch a caller left: older than anything pending
    if (rest == null) rest = LineGathering.gather(queue.takeOldestFirst(), codec);
    else batch = null;
    try {
      while (rest != null) {
        if (!write(rest, now, mayBlock)) {
          batch = rest;
          startThread();
          return false;
        }
        Request<?> following = rest.queued;
        rest.queued = null;
        rest = following;
      }
      writeOut(buffer, null, 0);
    } catch (IOException e) {
      connection.close(
          new MemcacheConnectionException(
              connection.server() + ": write failed: " + e.getMessage(), e));
      batch = null;
      failUnsentChain(rest, connection.closedCause());
    }
    return true;
  }

  /**
   * Encodes and links {@code r}; any I/O (flushing a full buffer) happens before {@code r} is
   * touched. Returns false, touching nothing, for a request bigger than the write buffer when the
   * writer may not block (a caller).
   */
  private boolean write(Request<?> r, long now, boolean mayBlock) throws IOException {
    if (r.isAbandoned()) {
      permits.release(); // never written: nothing to drain
      return true;
    }
    MemcacheException c = connection.closedCause();
    if (c != null) {
      connection.failUnsent(r, c);
      return true;
    }
    int size = codec.maxEncodedLength(r);
    if (size > BUFFER_SIZE && !mayBlock) return false;
    ByteBuffer buf = buffer;
    if (buf.remaining() < size || buf.position() >= BUFFER_SIZE) {
      writeOut(buf, r, 0);
      if (buf.capacity() < size) buf = buffer = ByteBuffer.allocate(size);
    }
    codec.encode(r, buf, lastEncoded);
    lastEncoded = r;
    requestsWritten++;
    if (codec.expectsReply(r)) {
      r.sentNanos = now;
      linked++;
      // Its number in flight, in the push depth no one reads once written (a noreply request's
      // caller may still read its own: those keep it).
      if (!r.noreply) r.depth = linked;
      tail.next = r;
      tail = r;
      if (r.noreply) r.complete(); // a quiet write: its reply is read and dropped
    } else {
      wroteUnanswered = true;
      permits.release();
      r.complete(); // noreply: done once written into the batch
    }
    if (endWritesAfterValues) endWriteAfterValue(buf, r);
    return true;
  }

  /**
   * Over TLS, ends the write call with the value {@code r} stores, if any; what the codec put after
   * it (a quiet write's noop) opens the next one. memcached 1.6 reads the part of a value (or of an
   * empty value's {@code \r\n}) that is not in its read buffer straight from OpenSSL, one record at
   * a time, and does not look at what is left of the record the value ends in until more bytes
   * reach the socket: a request behind the value in that record would wait for the next write, and
   * with no more traffic for the hang timeout (TlsIT). A record never spans two write calls.
   */
  private void endWriteAfterValue(ByteBuffer buf, Request<?> r) throws IOException {
    int after = codec.bytesAfterValue(r);
    if (after >= 0) writeOut(buf, r.queued, after);
  }

  /**
   * Writes the buffer out but its last {@code keep} bytes, which then open it. While the call
   * lasts, {@code unencoded} (the rest of the batch) is published for the sweeper, and its start
   * time for the stall check.
   */
  private void writeOut(ByteBuffer buf, Request<?> unencoded, int keep) throws IOException {
    int end = buf.position() - keep;
    if (end == 0) return;
    batch = unencoded;
    writeStartedNanos = System.nanoTime() | 1;
    out.write(buf.array(), 0, end);
    writeStartedNanos = 0;
    batch = null;
    writeCalls++;
    System.arraycopy(buf.array(), end, buf.array(), 0, keep);
    buf.limit(buf.capacity()).position(keep);
    if (keep == 0)
      lastEncoded = null; // else the codec may still drop the kept noop for a later one
  }

  /**
   * Starts the writer thread unless it runs: it writes what callers may not (big requests, the tail
   * of a noreply burst, requests that waited for a slot). A write blocked on a stalled server
   * blocks it, never a caller or the sweeper.
   */
  void startThread() {
    if (running.compareAndSet(false, true)) {
      Thread.ofVirtual().name("memcache-writer-" + connection.server()).start(this::writeInThread);
    }
  }

  private void writeInThread() {
    do {
      try {
        while (connection.isOpen() && hasUnwritten()) {
          lock.lock();
          try {
            writeQueued(true);
          } finally {
            lock.unlock();
          }
        }
      } finally {
        running.set(false);
      }
      // A request queued after our last look may have found us still running: look again.
    } while (connection.isOpen() && hasUnwritten() && running.compareAndSet(false, true));
  }

  boolean hasUnwritten() {
    return queue.hasPending() || batch != null;
  }

  /** Writes what is queued (the tail of a burst of noreply writes) unless a writer is at work. */
  void writeLingering() {
    if (queue.hasPending() && connection.isConnected() && connection.isOpen() && lock.tryLock()) {
      try {
        writeQueued(false);
      } finally {
        lock.unlock();
      }
    }
  }

  /** After opening: writes what was queued meanwhile, as any writer would. */
  void writeUnwritten() {
    while (connection.isOpen() && hasUnwritten() && lock.tryLock()) {
      try {
        writeQueued(true);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * For a graceful close, under the lock: writes everything queued, and what the slots this frees
   * admit; returns whether a request without a reply was ever written.
   */
  boolean writeAllLocked() {
    for (int rounds = 0; rounds < 1024 && connection.isOpen() && hasUnwritten(); rounds++) {
      writeQueued(true);
    }
    return wroteUnanswered;
  }

  /** When the write call under way started ({@code nanoTime | 1}), 0 when none is (racy). */
  long writeStartedNanos() {
    return writeStartedNanos;
  }

  /** The sweeper: times out the batch's requests past their deadline; returns the budget left. */
  int expire(long now, int budget) {
    for (Request<?> r = batch; r != null && budget-- > 0; r = r.queued) {
      if (r.expired(now)) r.timeout();
    }
    return budget;
  }

  /** Under the lock, once the reader stopped: fails the rest of a batch left for the thread. */
  void failBatchLocked(MemcacheException cause) {
    Request<?> rest = batch;
    batch = null;
    failUnsentChain(rest, cause);
  }

  /** Fails {@code rest} and every request queued after it: none of them was written. */
  private void failUnsentChain(Request<?> rest, MemcacheException cause) {
    while (rest != null) {
      Request<?> following = rest.queued;
      rest.queued = null;
      connection.failUnsent(rest, cause);
      rest = following;
    }
  }

  /** Requests written per write call since the connection opened (pipelining depth). */
  double requestsPerWrite() {
    lock.lock();
    try {
      return writeCalls == 0 ? 0 : (double) requestsWritten / writeCalls;
    } finally {
      lock.unlock();
    }
  }
}
