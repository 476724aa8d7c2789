package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheTimeoutException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket to one server, shared by any number of concurrent callers (docs/concurrency.md).
 *
 * <p><b>Writes are batched.</b> A caller queues its encoded-on-demand request; whoever finds the
 * write lock free drains the queue into one buffer and writes it in one call, so under load many
 * requests share a syscall. Only the write lock is held during I/O. Noreply requests do not wait
 * for their write: bursts of them are written in batches, their tail by the sweeper.
 *
 * <p><b>One thread reads</b> (a platform thread, so replies never wait for a carrier held by
 * CPU-bound virtual threads). It reads big chunks, decodes every complete reply in place and
 * completes the oldest in-flight request with each (memcached answers in order). A value of 16 KB
 * or more that is not all buffered is read straight from the socket into its own array ({@link
 * ProtocolCodec#FILL}): one copy fewer, and no read buffer as big as the biggest value. It runs no
 * user code: callers map and decode results on their own threads.
 *
 * <p><b>Abandoned requests never desynchronise.</b> A request whose caller timed out, was cancelled
 * or interrupted stays in the in-flight list; its reply is read and dropped. One not yet written is
 * skipped. When the oldest request waits longer than the hang timeout, the server is taken as hung:
 * the socket is closed and every request on it fails with a connection error.
 *
 * <p><b>Backpressure.</b> At most {@code maxInFlight} requests are queued or in flight; more
 * callers wait for a permit until their deadline.
 */
public final class Connection {
  private static final int BUFFER_SIZE = 64 * 1024;

  /**
   * A read buffer grown up to this size is kept: big values in a row must not reallocate it each
   * time.
   */
  private static final int MAX_KEPT_BUFFER = 4 * 1024 * 1024;

  /** The first read after a value read straight into its array. */
  private static final int AFTER_FILL_READ = 4 * 1024;

  /** Noreply requests written together in a burst. */
  static final int QUIET_BATCH = 64;

  /** Noreply requests closer together than this make a burst. */
  private static final long BURST_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private static final long CARRIER_RELEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String server;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final ProtocolCodec codec;
  private final Listener listener;
  private final Semaphore permits;
  private final long hangNanos;
  private final Thread reader;

  /** Requests waiting to be written: a lock-free stack (newest first) the writer takes whole. */
  private final AtomicReference<Request<?>> pending = new AtomicReference<>();

  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicReference<MemcacheException> closed = new AtomicReference<>();

  /** Whether a thread started by the sweeper is writing the tail of a noreply burst. */
  private final AtomicBoolean lingerWriter = new AtomicBoolean();

  // Heuristics, written by every sender without synchronisation: a lost update is harmless.
  private long lastQuietNanos, lastCarrierRelease;

  // Writer-owned (under writeLock).
  private ByteBuffer writeBuffer = ByteBuffer.allocate(BUFFER_SIZE);

  /** The request encoded last into the unwritten buffer (null once written), for merging. */
  private Request<?> lastEncoded;

  private Request<?> tail;
  private long writeCalls, requestsWritten;

  /** Whether any reply has arrived (written once by the reader). */
  private volatile boolean answered;

  /**
   * The newest request whose reply was read; its {@code next} is the oldest in flight.
   * Reader-owned.
   */
  private volatile Request<?> head;

  /**
   * Wraps a connected socket and starts its reader. A closed connection is not reopened: the {@link
   * Node} replaces it.
   */
  public Connection(
      String server,
      Socket socket,
      ProtocolCodec codec,
      int maxInFlight,
      long hangNanos,
      Listener listener)
      throws IOException {
    this.listener = listener;
    this.server = server;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.codec = codec;
    this.permits = new Semaphore(maxInFlight);
    this.hangNanos = hangNanos;
    Request<?> sentinel = new Request<>(Request.Command.NOOP, null, null, 0, r -> null);
    this.head = sentinel;
    this.tail = sentinel;
    // A platform thread: replies must not wait for a carrier that CPU-bound virtual threads hold.
    reader = Thread.ofPlatform().daemon().name("memcache-reader-" + server).start(this::readLoop);
  }

  /** Told of the connection's health, for marking servers down and up. */
  public interface Listener {
    /** A reply arrived (called once per connection, on its first reply). */
    void answered();

    /**
     * The connection closed for {@code cause}; {@code everAnswered} tells whether any reply came.
     */
    void broken(Connection c, MemcacheException cause, boolean everAnswered);
  }

  /** {@code host:port} of the server. */
  public String server() {
    return server;
  }

  public boolean isOpen() {
    return closed.get() == null;
  }

  /**
   * Sends {@code r}, waiting for an in-flight permit until its deadline if the connection is full
   * (then the request is abandoned as timed out). Returns at once otherwise; the caller then awaits
   * the request.
   */
  public void send(Request<?> r) {
    r.connection = this;
    if (!permits.tryAcquire()) {
      writeLingering(); // queued noreply writes hold permits until written
      try {
        long wait = r.deadlineNanos() - System.nanoTime();
        if (!permits.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
          r.cancel(
              new MemcacheTimeoutException(
                  r.describe()
                      + " timed out waiting for one of "
                      + permits.availablePermits()
                      + " free in-flight slots (server slow or overloaded)"));
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.cancel(
            new MemcacheInterruptedException(r.describe() + " interrupted while waiting to send"));
        return;
      }
    }
    enqueue(r);
  }

  /**
   * Sends {@code r} if a permit is free at once; false (nothing done) when the caller must wait.
   */
  public boolean trySend(Request<?> r) {
    r.connection = this;
    if (!permits.tryAcquire()) {
      writeLingering(); // queued noreply writes hold permits until written
      if (!permits.tryAcquire()) return false;
    }
    enqueue(r);
    return true;
  }

  private void enqueue(Request<?> r) {
    Request<?> top;
    do {
      top = pending.get();
      r.queued = top;
      r.depth = top == null ? 1 : top.depth + 1;
    } while (!pending.compareAndSet(top, r));
    MemcacheException c = closed.get();
    if (c != null) {
      failQueued(c); // the reader may have drained the queue before our offer
      return;
    }
    if (r.noreply) {
      sendQuietly(r);
    } else {
      flush(r);
    }
  }

  /**
   * A noreply request: its caller goes on at once, without waiting for the write. A lone one is
   * written now; in a burst (the previous one came less than {@link #BURST_NANOS} ago) they are
   * written {@link #QUIET_BATCH} at a time, and the sweeper writes a burst's tail within a tick.
   * Any request that awaits a reply writes everything queued before it, so a caller's later reads
   * see its noreply writes.
   */
  private void sendQuietly(Request<?> r) {
    long now = System.nanoTime();
    boolean burst = now - lastQuietNanos < BURST_NANOS;
    lastQuietNanos = now;
    if (!burst || r.depth >= QUIET_BATCH) flush(r);
    r.complete(); // false when already written (and completed) or failed: the caller then learns it
    if (now - lastCarrierRelease > CARRIER_RELEASE_NANOS && Thread.currentThread().isVirtual()) {
      // A caller looping on noreply writes never parks; on a virtual thread it would keep its
      // carrier from every other virtual thread (Thread.yield does not run those started or woken
      // from other threads). Now and then it lets them run.
      lastCarrierRelease = now;
      LockSupport.parkNanos(1_000);
    }
  }

  /** Drains the pending requests onto the socket unless another thread is doing it. */
  private void flush(Request<?> mine) {
    while (pending.get() != null && writeLock.tryLock()) {
      try {
        if (head.next != null && !mine.noreply) {
          // Replies are due: callers they wake are about to queue too. Let them, then write all in
          // one.
          Thread.yield();
        }
        writeQueued();
      } finally {
        writeLock.unlock();
      }
    }
  }

  /**
   * Writes every pending request. A request leaves the writer's hands linked in flight, completed
   * (noreply), or failed: when the socket fails, the ones not yet encoded fail here.
   */
  private void writeQueued() {
    long now = System.nanoTime();
    Request<?> rest = LineGathering.gather(takePending(), codec);
    try {
      while (rest != null) {
        write(rest, now);
        Request<?> following = rest.queued;
        rest.queued = null;
        rest = following;
      }
      writeOut(writeBuffer);
    } catch (IOException e) {
      close(new MemcacheConnectionException(server + ": write failed: " + e.getMessage(), e));
      MemcacheException cause = closed.get();
      while (rest != null) {
        Request<?> following = rest.queued;
        rest.queued = null;
        failOne(rest, cause);
        rest = following;
      }
    }
  }

  /** Takes every pending request, oldest first. */
  private Request<?> takePending() {
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

  /**
   * Encodes and links {@code r}; any I/O (flushing a full buffer) happens before {@code r} is
   * touched.
   */
  private void write(Request<?> r, long now) throws IOException {
    if (r.isAbandoned()) {
      permits.release(); // never written: nothing to drain
      return;
    }
    MemcacheException c = closed.get();
    if (c != null) {
      failOne(r, c);
      return;
    }
    int size = codec.maxEncodedLength(r);
    ByteBuffer buf = writeBuffer;
    if (buf.remaining() < size || buf.position() >= BUFFER_SIZE) {
      writeOut(buf);
      if (buf.capacity() < size) buf = writeBuffer = ByteBuffer.allocate(size);
    }
    codec.encode(r, buf, lastEncoded);
    lastEncoded = r;
    requestsWritten++;
    if (codec.expectsReply(r)) {
      r.sentNanos = now;
      tail.next = r;
      tail = r;
      if (r.noreply) r.complete(); // a quiet write: its reply is read and dropped
    } else {
      permits.release();
      r.complete(); // noreply: done once written into the batch
    }
  }

  private void writeOut(ByteBuffer buf) throws IOException {
    if (buf.position() == 0) return;
    out.write(buf.array(), 0, buf.position());
    writeCalls++;
    buf.clear();
    lastEncoded = null;
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
    int room = BUFFER_SIZE;
    MemcacheException cause;
    try {
      while (true) {
        int n = in.read(buf.array(), buf.position(), Math.min(room, buf.remaining()));
        if (n < 0) throw new EOFException("the server closed the connection");
        buf.position(buf.position() + n);
        buf.flip();
        int need;
        room = BUFFER_SIZE;
        while ((need = dispatch(buf)) == ProtocolCodec.FILL) {
          fill(head.next.filling, buf);
          // What follows a big value is likely another: read its header and little more into the
          // buffer, so that its bytes go straight into their own array too.
          room = AFTER_FILL_READ;
        }
        buf.compact();
        // The codecs' promise: a server's declared lengths never size this buffer.
        if (need > ProtocolCodec.MAX_BUFFERED) {
          throw new MemcacheProtocolException(
              "a reply needs " + need + " bytes buffered, over " + ProtocolCodec.MAX_BUFFERED);
        }
        if (need > buf.capacity()) {
          ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, buf.capacity() * 2));
          buf.flip();
          bigger.put(buf);
          buf = bigger;
        } else if (buf.position() == 0 && buf.capacity() > MAX_KEPT_BUFFER) {
          buf = ByteBuffer.allocate(BUFFER_SIZE); // give back a buffer grown for one huge value
        }
      }
    } catch (MemcacheProtocolException e) {
      cause =
          new MemcacheProtocolException(server + ": " + e.getMessage() + "; connection closed", e);
    } catch (IOException e) {
      cause = new MemcacheConnectionException(server + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      cause = new MemcacheConnectionException(server + ": reader failed: " + e, e);
    }
    close(cause);
    failAll();
  }

  /**
   * Copies the buffered start of a value into its array and reads the rest straight from the
   * socket.
   */
  private void fill(byte[] value, ByteBuffer buf) throws IOException {
    int filled = Math.min(buf.remaining(), value.length);
    buf.get(value, 0, filled);
    while (filled < value.length) {
      int n = in.read(value, filled, value.length - filled);
      if (n < 0) throw new EOFException("the server closed the connection");
      filled += n;
    }
  }

  /**
   * Completes every request whose reply is whole in {@code buf}; returns the bytes needed next (0:
   * any), or {@link ProtocolCodec#FILL} for the value of the oldest request in flight.
   */
  private int dispatch(ByteBuffer buf) {
    Request<?> first = head, done = first;
    try {
      while (buf.hasRemaining() || (done.next != null && done.next.filling != null)) {
        Request<?> r = done.next;
        if (r == null) {
          throw new MemcacheProtocolException(
              "unsolicited bytes from the server: " + buf.remaining() + " bytes");
        }
        int need = codec.decode(r, buf);
        if (need != ProtocolCodec.DONE) return need;
        // Unlink what is behind the head: a request a caller keeps must not keep every later one
        // (and its value) reachable. Only the reader moves here; the writer only appends at the
        // tail.
        if (done != first) done.next = null;
        done = r;
        permits.release();
        if (r.error != null) r.fail(r.error);
        else r.complete(); // false when abandoned: the reply is dropped
      }
      return 0;
    } finally {
      head = done;
      if (done != first) {
        first.next = null;
        if (!answered) { // even when a later reply in the chunk was garbage
          answered = true;
          listener.answered();
        }
      }
    }
  }

  /**
   * Times out every waiting request past its deadline, then checks for a hung server. Run by the
   * client's sweeper every few milliseconds; callers park untimed and rely on it.
   */
  public void expire(long now) {
    int budget = 1 << 20; // the lists are short; this only bounds a walk racing the writer
    for (Request<?> r = head.next; r != null && budget-- > 0; r = r.next) {
      if (r.expired(now)) r.timeout();
    }
    for (Request<?> r = pending.get(); r != null && budget-- > 0; r = r.queued) {
      if (r.expired(now)) r.timeout();
    }
    checkHung();
    // The tail of a burst of noreply writes, written on a thread of its own: a write blocked on a
    // stalled server must never hold up the sweeper that every caller relies on.
    if (pending.get() != null && lingerWriter.compareAndSet(false, true)) {
      Thread.ofVirtual()
          .name("memcache-linger-" + server)
          .start(
              () -> {
                try {
                  writeLingering();
                } finally {
                  lingerWriter.set(false);
                }
              });
    }
  }

  /** Writes what is queued (the tail of a burst of noreply writes) unless a writer is at work. */
  private void writeLingering() {
    if (pending.get() != null && isOpen() && writeLock.tryLock()) {
      try {
        writeQueued();
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Closes the connection when its oldest request has waited past the hang timeout. */
  public void checkHung() {
    Request<?> oldest = head.next;
    if (oldest != null && System.nanoTime() - oldest.sentNanos > hangNanos) {
      close(
          new MemcacheConnectionException(
              server
                  + " did not answer for "
                  + TimeUnit.NANOSECONDS.toMillis(hangNanos)
                  + " ms; connection closed as hung"));
    }
  }

  /**
   * Closes after writing what is queued (noreply writes whose callers went on) and reading the
   * replies due, so the server gets every request: closing with replies unread would reset the
   * connection, and the server would drop what it had not read yet. Closes at once when the server
   * seems hung; waits at most a second otherwise.
   */
  public void closeAfterWriting(MemcacheException cause) {
    Request<?> oldest = head.next;
    boolean responsive = oldest == null || System.nanoTime() - oldest.sentNanos < hangNanos;
    try {
      if (responsive && pending.get() != null && writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
        try {
          if (isOpen()) writeQueued();
        } finally {
          writeLock.unlock();
        }
      }
      if (responsive && head.next != null && isOpen()) {
        socket.shutdownOutput(); // the server answers what it got, then closes; the reader sees it
        reader.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close at once
    } catch (IOException e) {
      // the connection is failing anyway
    }
    close(cause);
  }

  /** Closes the socket; requests in flight and queued fail with {@code cause}. Idempotent. */
  public void close(MemcacheException cause) {
    if (!closed.compareAndSet(null, cause)) return;
    try {
      socket.close(); // wakes the reader (and a writer blocked in write)
    } catch (IOException ignored) {
      // nothing more to do
    }
    listener.broken(this, cause, answered);
  }

  /** Run by the reader once it stops: fails what is in flight, then what is queued. */
  private void failAll() {
    MemcacheException cause = closed.get();
    writeLock.lock(); // no writer may link new requests meanwhile
    try {
      for (Request<?> r = head.next; r != null; r = r.next) {
        head = r;
        failOne(r, cause);
      }
    } finally {
      writeLock.unlock();
    }
    failQueued(cause);
  }

  private void failQueued(MemcacheException cause) {
    for (Request<?> r = pending.getAndSet(null); r != null; r = r.queued) failOne(r, cause);
  }

  private void failOne(Request<?> r, MemcacheException cause) {
    permits.release();
    r.fail(
        cause instanceof MemcacheProtocolException
            ? new MemcacheProtocolException(r.describe() + " failed: " + cause.getMessage(), cause)
            : new MemcacheConnectionException(
                r.describe() + " failed: " + cause.getMessage(), cause));
  }

  /** Requests written per write call since the connection opened (pipelining depth). */
  public double requestsPerWrite() {
    writeLock.lock();
    try {
      return writeCalls == 0 ? 0 : (double) requestsWritten / writeCalls;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Connection[" + server + (isOpen() ? "" : ", closed") + "]";
  }
}
