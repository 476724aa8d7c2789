package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.Command;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket to one server, shared by any number of concurrent callers (docs/concurrency.md).
 *
 * <p><b>Opening.</b> A connection takes requests at once: while one thread connects it ({@link
 * #open}), they queue in their order and are written in that order once it is open, or fail with
 * the connect failure (they wait for it, at most the connect timeout, as callers did when they
 * opened connections themselves). So requests one thread issues reach the server in issue order,
 * also while the connection opens.
 *
 * <p><b>Writes are batched.</b> A caller queues its encoded-on-demand request; whoever finds the
 * write lock free drains the queue into one buffer and writes it in one call, so under load many
 * requests share a syscall. Only the write lock is held during I/O. Noreply requests do not wait
 * for their write: bursts of them are written in batches, their tail by the writer thread. A
 * request bigger than the write buffer (64 KB) is written by the writer thread, never by a caller,
 * so a server that stops reading blocks that thread and not a caller past its deadline.
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
 * skipped. Once the connection is open, the sweeper times out requests wherever they are: waiting
 * for a slot, queued, taken into a writer's batch, in flight. When the oldest request waits longer
 * than the hang timeout, the server is taken as hung; when a write call stays blocked that long, as
 * stalled: the socket is closed and every request on it fails with a connection error. Only the
 * sweeper's pass ({@link #expire}) looks for hangs: a request that times out tells no one.
 *
 * <p><b>Backpressure.</b> At most {@code maxInFlight} requests are queued or in flight; more wait
 * for a slot in arrival order ({@link InFlightSlots}), until their deadline.
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

  /** How long a graceful close waits for a writer at work before it writes what is queued. */
  private static final long CLOSE_LOCK_WAIT_MS = 500;

  /** Noreply requests closer together than this make a burst. */
  private static final long BURST_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private static final long CARRIER_RELEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String server;
  private final ServerAddress address;
  private final int maxInFlight;
  private final ProtocolCodec codec;
  private final Listener listener;
  private final InFlightSlots permits;
  private final long hangNanos;
  private final long timeoutNanos;

  /** Set once by the thread that opens the connection (null while connecting). */
  private volatile Socket socket;

  /** Set before the reader starts; reader-owned. */
  private InputStream in;

  /** Set under writeLock once connected (null while connecting); writer-owned. */
  private OutputStream out;

  private volatile Thread reader;

  /** Whether the socket is open and the reader started (requests queue until then). */
  private volatile boolean connected;

  /** Whether the socket is open and the reader started (requests queue until then). */
  boolean isConnected() {
    return connected;
  }

  /** Requests waiting to be written: a lock-free stack (newest first) the writer takes whole. */
  private final AtomicReference<Request<?>> pending = new AtomicReference<>();

  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicReference<MemcacheException> closed = new AtomicReference<>();

  /** Whether the connection's writer thread is at work (or starting). */
  private final AtomicBoolean writerRunning = new AtomicBoolean();

  /** Whether a hang or stall was noticed (the connection then closes). */
  private final AtomicBoolean hangNoticed = new AtomicBoolean();

  // Heuristics, written by every sender without synchronisation: a lost update is harmless.
  private long lastQuietNanos, lastCarrierRelease;

  // Writer-owned (under writeLock).
  private ByteBuffer writeBuffer = ByteBuffer.allocate(BUFFER_SIZE);

  /** The request encoded last into the unwritten buffer (null once written), for merging. */
  private Request<?> lastEncoded;

  private Request<?> tail;
  private long writeCalls, requestsWritten;

  /**
   * Requests linked in flight, and replies read (reader-owned): a request's number in the first
   * ({@link Request#depth}, free once written) less the second is how many are ahead of it, for a
   * timeout's message. Wrapping ints: only their difference counts.
   */
  private int linked, repliesRead;

  /**
   * Requests taken from {@link #pending} but not yet encoded (linked by {@code queued}): published
   * while a write call may block and when a caller leaves big requests to the writer thread, so
   * that the sweeper times them out on time and the next writer writes them first. Written under
   * writeLock.
   */
  private volatile Request<?> batch;

  /** When the write call under way started ({@code nanoTime | 1}), 0 when none is. */
  private volatile long writeStartedNanos;

  /** Whether the connection is closed as hung or stalled (set just before {@link #close}). */
  private volatile boolean unresponsive;

  /**
   * Whether a request that gets no reply (a text noreply write) was written: only the server
   * closing its side after ours tells that it read it. Writer-owned, under {@code writeLock}.
   */
  private boolean wroteUnanswered;

  /** Counted down once {@link #open} is over, connected or not: a graceful close waits for it. */
  private final CountDownLatch openDone = new CountDownLatch(1);

  /** Whether any reply has arrived (written once by the reader). */
  private volatile boolean answered;

  /**
   * The newest request whose reply was read; its {@code next} is the oldest in flight.
   * Reader-owned.
   */
  private volatile Request<?> head;

  /**
   * A connection that accepts requests at once and writes them, in their order, once {@link #open}
   * has connected it. A closed connection is not reopened: the {@link Node} replaces it.
   */
  public Connection(
      ServerAddress address,
      String server,
      ProtocolCodec codec,
      int maxInFlight,
      long hangNanos,
      long timeoutNanos,
      Listener listener) {
    this.listener = listener;
    this.address = address;
    this.maxInFlight = maxInFlight;
    this.timeoutNanos = timeoutNanos;
    this.server = server;
    this.codec = codec;
    this.permits = new InFlightSlots(this, maxInFlight);
    this.hangNanos = hangNanos;
    Request<?> sentinel = new Request<>(Command.NOOP, null, null, 0, r -> null);
    this.head = sentinel;
    this.tail = sentinel;
  }

  /** Connects a socket to the server and completes the protocol's handshake. */
  public interface Opener {
    /**
     * Returns the connected socket, or throws a {@link MemcacheException} naming the server and
     * what failed.
     */
    Socket open();
  }

  /** Told of the connection's health, for marking servers down and up. */
  public interface Listener {
    /** The connection opened: it writes and reads from now on. */
    void opened(Connection c);

    /** A request waited {@code waitedNanos} for an in-flight slot, and got it or timed out. */
    void slotWaited(long waitedNanos);

    /** A reply arrived (called once per connection, on its first reply). */
    void answered();

    /**
     * The server did not answer, or did not read, for {@code silentNanos}: the connection closes
     * ({@link #broken} follows).
     */
    void hung(Connection c, long silentNanos, String why);

    /**
     * The connection closed for {@code cause}; {@code everAnswered} tells whether any reply came.
     * Not called when the connection never opened ({@link Opener} reports that).
     */
    void broken(Connection c, MemcacheException cause, boolean everAnswered);
  }

  /**
   * Opens the connection; run once, by the one thread that opens it. The requests queued meanwhile
   * are then written in their order; when the connect fails, they fail with its exception.
   */
  public void open(Opener opener) {
    try {
      connect(opener);
    } finally {
      openDone.countDown();
    }
  }

  private void connect(Opener opener) {
    Socket s;
    boolean opened = false;
    try {
      s = opener.open();
    } catch (MemcacheException e) {
      failToOpen(e);
      return;
    } catch (RuntimeException e) {
      failToOpen(new MemcacheConnectionException(server + ": cannot connect: " + e, e));
      return;
    }
    writeLock.lock();
    try {
      socket = s;
      if (!isOpen()) { // closed while connecting; close() failed the queued requests
        s.close();
        return;
      }
      in = s.getInputStream();
      out = s.getOutputStream();
      // A platform thread: replies must not wait for a carrier that CPU-bound virtual threads hold.
      reader = Thread.ofPlatform().daemon().name("memcache-reader-" + server).start(this::readLoop);
      connected = true;
      opened = true;
      writeQueued(true);
    } catch (IOException e) {
      close(new MemcacheConnectionException(server + ": " + e.getMessage(), e));
    } finally {
      writeLock.unlock();
    }
    if (opened) listener.opened(this);
    writeUnwritten();
  }

  private void failToOpen(MemcacheException cause) {
    if (!closed.compareAndSet(null, cause)) return; // closed meanwhile: close() failed the requests
    failQueued(cause);
    permits.failWaiting(cause);
  }

  /** {@code host:port} of the server. */
  public String server() {
    return server;
  }

  /** Whether it was closed as hung or stalled. */
  boolean isUnresponsive() {
    return unresponsive;
  }

  /** Why the connection closed; null while it is opening or open. */
  MemcacheException closedCause() {
    return closed.get();
  }

  /** Whether the connection takes requests: opening or open, not closed. */
  public boolean isOpen() {
    return closed.get() == null;
  }

  /**
   * Sends {@code r}: queues it for writing, or, when {@code maxInFlight} requests are already
   * queued or in flight, for an in-flight slot (the sweeper times it out there). Never blocks; the
   * caller then awaits the request.
   */
  public void send(Request<?> r) {
    r.connection = this;
    if (!permits.take()) {
      writeLingering(); // queued noreply writes hold slots until written
      if (!permits.take()) {
        permits.await(r);
        return;
      }
    }
    enqueue(r);
  }

  /**
   * Sends {@code rs} as {@link #send} sends each, but queues them all before writing, so that the
   * whole list goes out in one batch (a few write calls) instead of one write per request. Requests
   * beyond the free in-flight slots wait for one, as with {@link #send}. Never blocks; noreply
   * requests are then done, as a lone one is after {@link #send}.
   */
  public void sendAll(List<? extends Request<?>> rs) {
    Request<?> last = null;
    Set<Request<?>> waiting = null;
    for (Request<?> r : rs) {
      r.connection = this;
      if (!permits.take()) {
        writeLingering(); // queued noreply writes hold slots until written
        if (!permits.take()) {
          permits.await(r);
          if (waiting == null) waiting = Collections.newSetFromMap(new IdentityHashMap<>());
          waiting.add(r);
          continue;
        }
      }
      push(r);
      last = r;
    }
    if (last == null) return;
    MemcacheException c = closed.get();
    if (c != null) {
      failQueued(c);
      return;
    }
    flush(last);
    if (last.noreply && connected) {
      for (Request<?> r : rs) if (waiting == null || !waiting.contains(r)) r.complete();
    }
  }

  private void enqueue(Request<?> r) {
    push(r);
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

  private void push(Request<?> r) {
    Request<?> top;
    do {
      top = pending.get();
      r.queued = top;
      r.depth = top == null ? 1 : top.depth + 1;
    } while (!pending.compareAndSet(top, r));
  }

  /** Queues a request that waited for an in-flight slot (by {@link InFlightSlots}). */
  void admit(Request<?> r) {
    push(r);
  }

  /** After {@link #admit}: the writer thread writes what was admitted (released by the reader). */
  void admitted() {
    MemcacheException c = closed.get();
    if (c != null) failQueued(c);
    else if (connected) startWriter();
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
    if (!burst || r.depth >= QUIET_BATCH) flush(r);
    if (!connected) return; // completed once written, or failed
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
      boolean wrote;
      try {
        if (head.next != null && !mine.noreply) {
          // Replies are due: callers they wake are about to queue too. Let them, then write all in
          // one.
          Thread.yield();
        }
        wrote = writeQueued(false);
      } finally {
        writeLock.unlock();
      }
      if (!wrote) return; // still opening, or left to the writer thread: it writes the rest
    }
  }

  /**
   * Writes every pending request (first the rest of a batch left by a caller). A request leaves the
   * writer's hands linked in flight, completed (noreply), or failed: when the socket fails, the
   * ones not yet encoded fail here. A caller ({@code mayBlock} false) leaves a big request and
   * everything after it to the writer thread and returns false: only that thread may block on a
   * server that stops reading, so callers keep their deadlines. Also false while opening.
   */
  private boolean writeQueued(boolean mayBlock) {
    if (out == null) return false; // opening: the opener writes what is queued
    long now = System.nanoTime();
    Request<?> rest = batch; // the rest of a batch a caller left: older than anything pending
    if (rest == null) rest = LineGathering.gather(takePending(), codec);
    else batch = null;
    try {
      while (rest != null) {
        if (!write(rest, now, mayBlock)) {
          batch = rest;
          startWriter();
          return false;
        }
        Request<?> following = rest.queued;
        rest.queued = null;
        rest = following;
      }
      writeOut(writeBuffer, null);
    } catch (IOException e) {
      close(new MemcacheConnectionException(server + ": write failed: " + e.getMessage(), e));
      batch = null;
      failUnsentChain(rest, closed.get());
    }
    return true;
  }

  /** Fails {@code rest} and every request queued after it: none of them was written. */
  private void failUnsentChain(Request<?> rest, MemcacheException cause) {
    while (rest != null) {
      Request<?> following = rest.queued;
      rest.queued = null;
      failUnsent(rest, cause);
      rest = following;
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
   * touched. Returns false, touching nothing, for a request bigger than the write buffer when the
   * writer may not block (a caller).
   */
  private boolean write(Request<?> r, long now, boolean mayBlock) throws IOException {
    if (r.isAbandoned()) {
      permits.release(); // never written: nothing to drain
      return true;
    }
    MemcacheException c = closed.get();
    if (c != null) {
      failUnsent(r, c);
      return true;
    }
    int size = codec.maxEncodedLength(r);
    if (size > BUFFER_SIZE && !mayBlock) return false;
    ByteBuffer buf = writeBuffer;
    if (buf.remaining() < size || buf.position() >= BUFFER_SIZE) {
      writeOut(buf, r);
      if (buf.capacity() < size) buf = writeBuffer = ByteBuffer.allocate(size);
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
    return true;
  }

  /**
   * Writes the buffer out. While the call lasts, {@code unencoded} (the rest of the batch) is
   * published for the sweeper, and its start time for the stall check.
   */
  private void writeOut(ByteBuffer buf, Request<?> unencoded) throws IOException {
    if (buf.position() == 0) return;
    batch = unencoded;
    writeStartedNanos = System.nanoTime() | 1;
    out.write(buf.array(), 0, buf.position());
    writeStartedNanos = 0;
    batch = null;
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
        repliesRead++;
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
   * Times out every waiting request past its deadline (in flight, being written, queued, waiting
   * for a slot) once the connection is open, then checks for a hung or stalled server. Run by the
   * client's sweeper every few milliseconds; callers park untimed and rely on it.
   */
  public void expire(long now) {
    // While opening, requests wait for the connect (at most the connect timeout), as callers did
    // when they opened the connection themselves: a failed connect is reported as such, not as a
    // timeout.
    if (!connected) return;
    int budget = 1 << 20; // the lists are short; this only bounds a walk racing the writer
    for (Request<?> r = head.next; r != null && budget-- > 0; r = r.next) {
      if (r.expired(now)) r.timeout();
    }
    for (Request<?> r = batch; r != null && budget-- > 0; r = r.queued) {
      if (r.expired(now)) r.timeout();
    }
    for (Request<?> r = pending.get(); r != null && budget-- > 0; r = r.queued) {
      if (r.expired(now)) r.timeout();
    }
    permits.expire(now);
    checkHung(); // the sweeper owns hang detection: a request that times out tells no one
    // The tail of a burst of noreply writes, or requests admitted to freed slots.
    if (hasUnwritten()) startWriter();
  }

  /**
   * Starts the connection's writer thread unless it runs: it writes what callers may not (big
   * requests, the tail of a noreply burst, requests that waited for a slot). A write blocked on a
   * stalled server blocks it, never a caller or the sweeper.
   */
  private void startWriter() {
    if (writerRunning.compareAndSet(false, true)) {
      Thread.ofVirtual().name("memcache-writer-" + server).start(this::writeInBackground);
    }
  }

  private void writeInBackground() {
    do {
      try {
        while (isOpen() && hasUnwritten()) {
          writeLock.lock();
          try {
            writeQueued(true);
          } finally {
            writeLock.unlock();
          }
        }
      } finally {
        writerRunning.set(false);
      }
      // A request queued after our last look may have found us still running: look again.
    } while (isOpen() && hasUnwritten() && writerRunning.compareAndSet(false, true));
  }

  private boolean hasUnwritten() {
    return pending.get() != null || batch != null;
  }

  /** Writes what is queued (the tail of a burst of noreply writes) unless a writer is at work. */
  private void writeLingering() {
    if (pending.get() != null && connected && isOpen() && writeLock.tryLock()) {
      try {
        writeQueued(false);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** After opening: writes what was queued meanwhile, as any writer would. */
  private void writeUnwritten() {
    while (isOpen() && hasUnwritten() && writeLock.tryLock()) {
      try {
        writeQueued(true);
      } finally {
        writeLock.unlock();
      }
    }
  }

  /**
   * Closes the connection when its oldest request has waited past the hang timeout, or a write call
   * has been blocked that long (the server stopped reading: closed as stalled). Run by the sweeper
   * only, on every pass ({@link #expire}).
   */
  private void checkHung() {
    long now = System.nanoTime();
    long writing = writeStartedNanos;
    Request<?> oldest = head.next;
    boolean writeBlocked = writing != 0 && now - writing > hangNanos;
    if (!writeBlocked && (oldest == null || now - oldest.sentNanos <= hangNanos)) return;
    if (!isOpen() || !hangNoticed.compareAndSet(false, true)) return; // told once
    // A write still blocked means the server stopped reading (stalled), whichever limit passed
    // first: its oldest request goes unanswered for the same reason.
    boolean stalled = writing != 0;
    long silent =
        Math.max(writing != 0 ? now - writing : 0, oldest != null ? now - oldest.sentNanos : 0);
    long ms = TimeUnit.NANOSECONDS.toMillis(hangNanos);
    String why =
        stalled
            ? "did not read our writes for " + ms + " ms; connection closed as stalled"
            : "did not answer for " + ms + " ms; connection closed as hung";
    MemcacheException cause = new MemcacheConnectionException(server + " " + why);
    unresponsive = true; // before close() publishes the cause: unsent requests then time out
    listener.hung(this, silent, why);
    close(cause);
  }

  /**
   * Closes after writing what is queued (noreply writes whose callers went on) and reading the
   * replies due, so the server gets every request: closing with replies unread would reset the
   * connection, and the server would drop what it had not read yet. A connection still opening is
   * waited for, at most {@code connectWaitNanos}, and then written out as an open one; when its
   * connect fails (or takes longer), what is queued fails as in {@link #close}. A writer at work (a
   * noreply request is done once encoded, before its batch is on the socket) is waited for. Closes
   * at once when the server seems hung or stalled; otherwise waits at most about a second for the
   * replies. A write to a server that stopped reading may block: {@link Node#close} bounds the
   * whole by closing the socket.
   */
  public void closeAfterWriting(MemcacheException cause, long connectWaitNanos) {
    try {
      if (!connected && isOpen()) openDone.await(connectWaitNanos, TimeUnit.NANOSECONDS);
      Request<?> oldest = head.next;
      long now = System.nanoTime(), writing = writeStartedNanos;
      boolean responsive =
          connected
              && (writing == 0 || now - writing < hangNanos) // a write under way is waited for
              && (oldest == null || now - oldest.sentNanos < hangNanos);
      boolean unanswered = false;
      // Always through the lock: a writer holding it may have encoded requests not yet written.
      if (responsive && writeLock.tryLock(CLOSE_LOCK_WAIT_MS, TimeUnit.MILLISECONDS)) {
        try {
          // Writing frees slots: requests waiting for one are admitted and written here too.
          for (int rounds = 0; rounds < 1024 && isOpen() && hasUnwritten(); rounds++) {
            writeQueued(true);
          }
          unanswered = wroteUnanswered;
        } finally {
          writeLock.unlock();
        }
      }
      // Replies due, or writes without reply: the server closing its side after reading ours is
      // the sign that it has read (and done) them, so that another connection reads what they set.
      if (responsive && (head.next != null || unanswered) && isOpen()) {
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

  /**
   * Closes the socket; requests in flight, queued and waiting fail with {@code cause}. Idempotent.
   */
  public void close(MemcacheException cause) {
    if (!closed.compareAndSet(null, cause)) return;
    Socket s = socket;
    if (s != null) {
      try {
        s.close(); // wakes the reader (and a writer blocked in write)
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
    if (!connected) { // no reader to fail what is queued
      failQueued(cause);
      permits.failWaiting(cause);
    }
    listener.broken(this, cause, answered);
  }

  /** Run by the reader once it stops: fails what is in flight, then what is queued and waiting. */
  private void failAll() {
    MemcacheException cause = closed.get();
    writeLock.lock(); // no writer may link new requests meanwhile
    try {
      for (Request<?> r = head.next; r != null; r = r.next) {
        head = r;
        failOne(r, cause);
      }
      Request<?> rest = batch; // left by a caller for the writer thread
      batch = null;
      failUnsentChain(rest, cause);
    } finally {
      writeLock.unlock();
    }
    failQueued(cause);
    permits.failWaiting(cause);
  }

  private void failQueued(MemcacheException cause) {
    for (Request<?> r = pending.getAndSet(null); r != null; r = r.queued) failUnsent(r, cause);
  }

  /** Fails a request in flight: it was written, the connection closed before its reply. */
  private void failOne(Request<?> r, MemcacheException cause) {
    permits.release();
    r.fail(
        cause instanceof MemcacheProtocolException
            ? new MemcacheProtocolException(r.describe() + " failed: " + cause.getMessage(), cause)
            : new MemcacheConnectionException(
                r.describe() + " failed: " + cause.getMessage(), cause));
  }

  private void failUnsent(Request<?> r, MemcacheException cause) {
    permits.release();
    r.fail(unsentFailure(r, cause));
  }

  /**
   * The failure of {@code r}, never written, when the connection closed for {@code cause}: a failed
   * connect as it is (it names the server and what failed); a timeout when the server was found
   * hung or stalled (the request waited in vain, it was not refused); otherwise as if in flight.
   */
  RuntimeException unsentFailure(Request<?> r, MemcacheException cause) {
    if (socket == null) return cause;
    if (unresponsive) {
      return new MemcacheTimeoutException(
          r.describe() + " timed out before it was sent: " + cause.getMessage(), cause);
    }
    return cause instanceof MemcacheProtocolException
        ? new MemcacheProtocolException(r.describe() + " failed: " + cause.getMessage(), cause)
        : new MemcacheConnectionException(r.describe() + " failed: " + cause.getMessage(), cause);
  }

  /**
   * The timeout of {@code r}, abandoned at its deadline, saying where its time went; made by its
   * caller (in {@link Request#result()}), never by the sweeper. The figures cost nothing before:
   * the start is the deadline less the timeout, the write time is the request's, and the requests
   * ahead are its number in flight less the replies read since ({@link #unansweredBefore}).
   */
  MemcacheTimeoutException timedOut(Request<?> r) {
    long now = System.nanoTime();
    long start = r.deadlineNanos() - timeoutNanos;
    long sent = r.sentNanos;
    long until = sent != 0 ? sent : now;
    long slot = Math.min(Math.max(0, until - start), r.slotWaitMillis * 1_000_000L);
    boolean waitedForSlot = r.depth == 0; // never queued for writing: it had no slot
    if (sent == 0 && waitedForSlot) slot = Math.max(0, now - start);
    long write = Math.max(0, until - start - slot);
    long reply = sent != 0 ? Math.max(0, now - sent) : 0;
    int ahead = sent != 0 ? unansweredBefore(r) : maxInFlight - permits.free();
    if (ahead < 0) ahead = -1; // answered meanwhile (and dropped), or the reader stopped
    StringBuilder m = new StringBuilder(r.describe());
    m.append(" timed out after ").append(ms(now - start)).append(" ms (operationTimeout ");
    m.append(ms(timeoutNanos)).append(" ms): ").append(ms(slot));
    m.append(" ms waiting for an in-flight slot, ").append(ms(write)).append(" ms to be written, ");
    if (sent != 0) m.append(ms(reply)).append(" ms for the reply");
    else m.append(connected ? "never written" : "never written (the connection was opening)");
    if (ahead >= 0) {
      m.append("; ").append(ahead);
      m.append(
          sent != 0
              ? (ahead == 1 ? " request" : " requests") + " ahead of it still unanswered"
              : " of maxInFlight " + maxInFlight + " in flight or queued ahead of it");
    }
    return new MemcacheTimeoutException(
        m.toString(),
        Duration.ofNanos(timeoutNanos),
        address,
        Duration.ofNanos(slot),
        Duration.ofNanos(write),
        Duration.ofNanos(reply),
        ahead);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * How many requests written before {@code r} still await their replies (racy, for a message): no
   * walk of the in-flight list, which would cost a timeout storm 4096 x 4096 steps.
   */
  private int unansweredBefore(Request<?> r) {
    return r.depth - 1 - repliesRead;
  }

  /** Tells the node that a request waited {@code waitedNanos} for a slot. */
  void slotWaited(long waitedNanos) {
    listener.slotWaited(waitedNanos);
  }

  /** The operation timeout: a request started at its deadline less this. */
  long timeoutNanos() {
    return timeoutNanos;
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
