package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.Command;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * One socket to one server, shared by any number of concurrent callers (docs/concurrency.md): its
 * lifecycle. The work is done by two halves, with the in-flight list between them: the writer half
 * ({@link SendQueue}: in-flight slots, the pending stack, noreply bursts; {@link ConnectionWriter}:
 * batched writes, the writer thread) and the reader half ({@link ConnectionReader}: the reader
 * thread, reply dispatch). This class opens the connection, closes it (gracefully or not) and fails
 * what is left; on the sweeper's tick it times out requests past their deadline, wherever they are,
 * and closes a hung or stalled connection ({@link HangCheck}).
 *
 * <p><b>Opening.</b> A connection takes requests at once: while one thread connects it ({@link
 * #open}), they queue in their order and are written in that order once it is open, or fail with
 * the connect failure (they wait for it, at most the connect timeout). So requests one thread
 * issues reach the server in issue order, also while the connection opens.
 *
 * <p><b>Abandoned requests never desynchronise.</b> A request whose caller timed out, was cancelled
 * or interrupted stays in the in-flight list; its reply is read and dropped. One not yet written is
 * skipped.
 *
 * <p><b>Thread rules</b> (one owner per field): {@code socket}, {@code io} and {@code connected}
 * are set once by the connector, volatile because every thread reads them; {@code closed}: the
 * first {@link #close} wins its CAS, then reads {@code io}, which the connector writes before it
 * checks {@code closed}, so one of them closes it; {@code openDone}: counted down by the connector,
 * awaited by the closer.
 */
public final class Connection {
  /** How long a graceful close waits for a writer at work before it writes what is queued. */
  private static final long CLOSE_LOCK_WAIT_MS = 500;

  private final String server;
  private final ServerAddress address;
  private final int maxInFlight;
  private final ConnectionListener listener;
  private final InFlightSlots permits;
  private final long timeoutNanos;
  private final ConnectionReader reader;
  final SendQueue queue;
  final ConnectionWriter writer;
  private final HangCheck hangCheck;

  /** Set once by the thread that opens the connection (null while connecting). */
  private volatile Socket socket;

  /** The socket's streams once connected ({@link SocketIo}); closing it wakes whoever waits. */
  private volatile SocketIo io;

  /** Whether the socket is open and the reader started (requests queue until then). */
  private volatile boolean connected;

  private final AtomicReference<MemcacheException> closed = new AtomicReference<>();

  /** Counted down once {@link #open} is over, connected or not: a graceful close waits for it. */
  private final CountDownLatch openDone = new CountDownLatch(1);

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
      ConnectionListener listener) {
    this.listener = listener;
    this.address = address;
    this.maxInFlight = maxInFlight;
    this.timeoutNanos = timeoutNanos;
    this.server = server;
    this.permits = new InFlightSlots(this, maxInFlight);
    Request<?> sentinel = new Request<>(Command.NOOP, null, 0, r -> null);
    this.reader = new ConnectionReader(this, codec, permits, listener, sentinel);
    this.queue = new SendQueue(this, permits);
    this.writer = new ConnectionWriter(this, reader, queue, codec, permits, sentinel);
    this.hangCheck = new HangCheck(this, reader, writer, listener, hangNanos);
  }

  /** Connects a socket to the server and completes the protocol's handshake. */
  public interface Opener {
    /**
     * Returns the connected socket, or throws a {@link MemcacheException} naming the server and
     * what failed.
     */
    Socket open();
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
    writer.lock();
    try {
      socket = s;
      SocketIo io = SocketIo.of(s);
      this.io = io;
      if (!isOpen()) { // closed while connecting; close() failed the queued requests
        io.close(); // close() may have found no io yet: its selectors too
        return;
      }
      boolean tls = s instanceof SSLSocket;
      writer.connected(io.out, tls);
      reader.start(io, tls);
      connected = true;
      opened = true;
      writer.writeQueued(true);
    } catch (IOException e) {
      close(new MemcacheConnectionException(server + ": " + e.getMessage(), e));
    } finally {
      writer.unlock();
    }
    if (opened) listener.opened(this);
    writer.writeUnwritten();
  }

  private void failToOpen(MemcacheException cause) {
    if (!closed.compareAndSet(null, cause)) return; // closed meanwhile: close() failed the requests
    queue.failQueued(cause);
    permits.failWaiting(cause);
  }

  /** {@code host:port} of the server. */
  public String server() {
    return server;
  }

  /** Whether it was closed as hung or stalled. */
  boolean isUnresponsive() {
    return hangCheck.isUnresponsive();
  }

  /** Why the connection closed; null while it is opening or open. */
  MemcacheException closedCause() {
    return closed.get();
  }

  /** Whether the connection takes requests: opening or open, not closed. */
  public boolean isOpen() {
    return closed.get() == null;
  }

  /** Whether the socket is open and the reader started (requests queue until then). */
  boolean isConnected() {
    return connected;
  }

  /**
   * Sends {@code r}: queues it for writing, or, when {@code maxInFlight} requests are already
   * queued or in flight, for an in-flight slot (the sweeper times it out there). Never blocks; the
   * caller then awaits the request.
   */
  public void send(Request<?> r) {
    queue.send(r);
  }

  /**
   * Sends {@code rs} as {@link #send} sends each, but queues them all before writing, so that the
   * whole list goes out in one batch (a few write calls) instead of one write per request. Requests
   * beyond the free in-flight slots wait for one, as with {@link #send}. Never blocks; noreply
   * requests are then done, as a lone one is after {@link #send}.
   */
  public void sendAll(List<? extends Request<?>> rs) {
    queue.sendAll(rs);
  }

  /**
   * Times out every waiting request past its deadline (in flight, being written, queued, waiting
   * for a slot) once the connection is open, then closes it if the server hangs or stalls. Run by
   * the client's sweeper every few milliseconds; callers park untimed and rely on it. The sweeper
   * is the one owner of hang detection: timing a request out does not look for a hang.
   */
  public void expire(long now) {
    // While opening, requests wait for the connect (at most the connect timeout), as callers did
    // when they opened the connection themselves: a failed connect is reported as such, not as a
    // timeout.
    if (!connected) return;
    int budget = 1 << 20; // the lists are short; this only bounds a walk racing the writer
    budget = reader.expire(now, budget);
    budget = writer.expire(now, budget);
    queue.expire(now, budget);
    permits.expire(now);
    hangCheck.closeIfUnresponsive();
    // The tail of a burst of noreply writes, or requests admitted to freed slots.
    if (writer.hasUnwritten()) writer.startThread();
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
      boolean responsive = connected && hangCheck.seemsResponsive(System.nanoTime());
      boolean unanswered = false;
      // Always through the lock: a writer holding it may have encoded requests not yet written.
      if (responsive && writer.tryLock(CLOSE_LOCK_WAIT_MS)) {
        try {
          // Writing frees slots: requests waiting for one are admitted and written here too.
          unanswered = writer.writeAllLocked();
        } finally {
          writer.unlock();
        }
      }
      // Replies due, or writes without reply: the server closing its side after reading ours is
      // the sign that it has read (and done) them, so that another connection reads what they set.
      if (responsive && (reader.awaitsReplies() || unanswered) && isOpen()) {
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
    SocketIo i = io;
    if (s != null) {
      try {
        if (i != null) i.close(); // wakes the reader (and a writer waiting to write)
        else s.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
    }
    if (!connected) { // no reader to fail what is queued
      queue.failQueued(cause);
      permits.failWaiting(cause);
    }
    listener.broken(this, cause, reader.answered());
  }

  /**
   * Run by the reader once it stops: closes the connection, then fails what is in flight, then what
   * is queued and waiting.
   */
  void readerStopped(MemcacheException why) {
    close(why);
    MemcacheException cause = closed.get();
    writer.lock(); // no writer may link new requests meanwhile
    try {
      reader.failInFlight(cause);
      writer.failBatchLocked(cause); // left by a caller for the writer thread
    } finally {
      writer.unlock();
    }
    queue.failQueued(cause);
    permits.failWaiting(cause);
  }

  /** Fails {@code r}, never written, as {@link #unsentFailure} says, and frees its slot. */
  void failUnsent(Request<?> r, MemcacheException cause) {
    permits.release();
    r.fail(unsentFailure(r, cause));
  }

  /** The failure of {@code r}, never written, when the connection closed for {@code cause}. */
  RuntimeException unsentFailure(Request<?> r, MemcacheException cause) {
    return Failures.unsent(r, cause, socket == null, hangCheck.isUnresponsive());
  }

  /** The timeout of {@code r}, made by its caller: see {@link Failures#timedOut}. */
  MemcacheTimeoutException timedOut(Request<?> r) {
    int unansweredAhead = r.depth - 1 - reader.repliesRead();
    int slotsTaken = maxInFlight - permits.free();
    return Failures.timedOut(
        r, timeoutNanos, address, connected, maxInFlight, slotsTaken, unansweredAhead);
  }

  /** Tells the node that a request waited {@code waitedNanos} for a slot. */
  void slotWaited(long waitedNanos) {
    listener.slotWaited(waitedNanos);
  }

  /** The operation timeout: a request started at its deadline less this. */
  long timeoutNanos() {
    return timeoutNanos;
  }

  /**
   * For {@code r}'s caller about to park: spins for its reply first if it may; whether {@code r} is
   * done (see {@link ConnectionReader#spinUntilDone}).
   */
  boolean spinUntilDone(Request<?> r) {
    return reader.spinUntilDone(r);
  }

  /** Whether the reader polls for replies: the connection is quiet (racy, for tests). */
  boolean readerPolls() {
    return reader.polls();
  }

  /** Callers' spins that ended with their reply (racy, for tests). */
  int spinsReplied() {
    return reader.spinsReplied();
  }

  /** How long lone replies take, smoothed, in nanoseconds (racy, for tests). */
  int loneTripNanos() {
    return reader.loneTripNanos();
  }

  /** The reader's hand-over to the callers' carrier, for its counts (racy, for tests). */
  CarrierHandOver handOver() {
    return reader.handOver();
  }

  /** The hand-over's counts so far (racy, for tests). */
  CarrierHandOver.Counts handOverCounts() {
    return reader.handOverCounts();
  }

  /**
   * Bytes of big values the kernel copied straight into their arrays ({@link NativeSocket}; racy,
   * for tests), or -1 where the socket's channel reads them.
   */
  long bytesReadIntoArrays() {
    SocketIo i = io;
    return i == null ? -1 : i.bytesReadIntoArrays();
  }

  /**
   * Bytes the kernel copied straight from the writer's arrays into the socket ({@link
   * NativeSocket}; racy, for tests), or -1 where the socket's channel writes them.
   */
  long bytesWrittenFromArrays() {
    SocketIo i = io;
    return i == null ? -1 : i.bytesWrittenFromArrays();
  }

  /** Requests written per write call since the connection opened (pipelining depth). */
  public double requestsPerWrite() {
    return writer.requestsPerWrite();
  }

  @Override
  public String toString() {
    return "Connection[" + server + (isOpen() ? "" : ", closed") + "]";
  }
}
