package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The reading half of a {@link Connection}: its one reader thread (a platform thread, so replies
 * never wait for a carrier that CPU-bound virtual threads hold) and the head of the in-flight list.
 * It reads big chunks, decodes every complete reply in place and completes the oldest in-flight
 * request with each (memcached answers in order). A value of 16 KB or more that is not all buffered
 * is read straight from the socket into its own array ({@link ProtocolCodec#FILL}): one copy fewer,
 * and no read buffer as big as the biggest value. It runs no user code and never writes: callers
 * map and decode results on their own threads.
 *
 * <p><b>A quiet connection's reader polls.</b> While each chunk of replies, for the last {@value
 * #QUIET_AFTER} replies, found at most {@value #QUIET_IN_FLIGHT} requests in flight (its first
 * reply's own among them), a handful of callers are each waiting for their own reply: the reader
 * then yields once or twice to the callers it woke, so that they write their next requests, and
 * polls the socket before it blocks in {@code read}, for up to {@value #POLL_MICROS} us, or three
 * times as long as a lone big value has lately taken to arrive, up to {@value #LONGEST_POLL_MICROS}
 * us. A reply then finds the reader awake instead of paying for waking a sleeping CPU, which on
 * loopback is most of a round trip. More in flight ends the polling at once (under load the woken
 * callers need the CPU); polls that time out make the reader skip the next 1, 2, 4 ... 64 (a slow
 * server's replies are not worth a CPU). The socket is not polled while a write call is under way:
 * Linux answers {@code available()} under the socket's lock, which the write holds. Not on TLS,
 * whose stream's {@code available()} counts decrypted bytes only.
 *
 * <p><b>A lone caller spins.</b> When the JVM has two or more CPUs (and not one carrier that reads:
 * below) and, for the last {@value #QUIET_AFTER} replies, each came with no other request in
 * flight, a caller whose request is the only one in flight spins before it parks, for up to 20 us,
 * or twice as long as a lone big value has lately taken to arrive, up to 100 us ({@link
 * #spinUntilDone}; a big value takes longer to arrive than a small one): the reader's completion
 * then costs a store it sees at once, not waking a parked virtual thread and its carrier, which
 * unpinned cost as much as the round trip. The reader blocks in {@code read} meanwhile instead of
 * polling. Spins that end without the reply make the next 1, 2, 4 ... 64 callers park at once. See
 * docs/concurrency.md.
 *
 * <p><b>With one carrier the callers' carrier reads.</b> Where every virtual thread has one carrier
 * (a JVM with one CPU, or one carrier set on more), the reader thread hands the reading to a
 * carrier reader while a virtual caller waits ({@link CarrierHandOver}), which reads only what has
 * arrived: the reading below is shared by both ({@code mayBlock} tells them apart). A big value it
 * fills with what has arrived of it, and reads on past it in the same turn while the next ones have
 * arrived too, up to {@link #CARRIER_FILL_BYTES} a turn: the callers it woke then write their next
 * requests together; a value whose rest is slow to come it leaves to the reader thread. Never on
 * TLS.
 *
 * <p>The in-flight list is the requests linked by {@link Request#next}, oldest first: the writer
 * appends at its tail ({@link ConnectionWriter}), the reader removes at its head. {@code head} is
 * the newest request whose reply was read (a sentinel at first); {@code head.next} is the oldest
 * still awaiting its reply.
 *
 * <p><b>Thread rules</b> (one owner per field):
 *
 * <ul>
 *   <li>{@code in}, the read buffer and its state ({@code room}, {@code fillPending}, {@code
 *       fillAt}, {@code bigValueRead}), {@code repliesRead}, the polling state ({@code canPoll},
 *       {@code quietReplies}, {@code loneReplies}, {@code loneTripNanos}, {@code repliesAtPoll},
 *       {@code polls}): whoever reads, the reader thread or the carrier reader it handed the
 *       reading to; {@link CarrierHandOver}'s {@code reading} says which, and its changes publish
 *       these fields from one to the other. {@code in}, {@code io}, {@code canPoll} and {@code
 *       handOver} are set before the thread starts; {@code repliesRead} is read racily for a
 *       timeout's message, {@code quietReplies} by tests, {@code loneReplies} and {@code
 *       loneTripNanos} by callers deciding to spin and for how long (an int: never torn). {@code
 *       carrierFills}: by the carrier reader (read racily by tests).
 *   <li>The spinning state ({@code spins}, {@code spinsReplied}): callers, racily (one lone caller
 *       at a time in practice; a lost update costs one spin or one skip; tests read {@code
 *       spinsReplied}). {@code callerSpins}: set and cleared by the spinning caller, read by the
 *       reader's poll.
 *   <li>{@code head}: whoever reads (above); volatile because writers read {@code head.next}
 *       (replies due?), the sweeper reads it for deadlines and hangs, the closer for replies due.
 *       Written once per chunk of replies, not per reply. Once the reader stopped, {@link
 *       #failInFlight} advances it on the same thread, under the write lock.
 *   <li>{@code answered}: written once by whoever reads, on the first reply; volatile for the
 *       closer.
 *   <li>{@code thread}: set once by the connector; read by the closer (join).
 *   <li>{@code reply}, the {@link ReplyState} of the reply being decoded: whoever reads.
 *   <li>In {@link Request}: the reply fields: whoever reads (the state CAS that completes the
 *       request publishes them to its caller); {@code next} behind the head: unlinked by the
 *       reader, so a kept request keeps no later one alive.
 * </ul>
 */
final class ConnectionReader {
  /**
   * A read buffer grown up to this size is kept: big values in a row must not reallocate it each
   * time.
   */
  private static final int MAX_KEPT_BUFFER = 4 * 1024 * 1024;

  /** The first read after a value read straight into its array. */
  private static final int AFTER_FILL_READ = 4 * 1024;

  /**
   * The most bytes of big values a carrier reader fills in one turn before it yields to the callers
   * it woke (a 100 KB value's caller waits for at most about ten values' copying).
   */
  private static final int CARRIER_FILL_BYTES = 1024 * 1024;

  /** The read buffer's size, until a reply needs more. */
  private static final int BUFFER_SIZE = 64 * 1024;

  /** At most this many requests in flight, each reply's own among them, make a connection quiet. */
  private static final int QUIET_IN_FLIGHT = 3;

  /** Replies in a row, in chunks that each found few in flight, that make a connection quiet. */
  private static final int QUIET_AFTER = 32;

  /**
   * The longest a carrier reader waits for a reply, and the shortest the reader polls for one (a
   * loopback round trip of a small value takes about 10-30 us).
   */
  static final int POLL_MICROS = 50;

  /**
   * The longest the reader polls for a reply (a lone 100 KB value's round trip on loopback takes
   * 50-120 us): polls that time out make the next ones skip, so a slower server costs no CPU.
   */
  private static final int LONGEST_POLL_MICROS = 150;

  /**
   * The shortest and the longest a lone caller spins for its reply before it parks (a loopback
   * round trip of a small value takes about 10 us when the caller and the server run on different
   * CPUs, a 100 KB value's 50-120 us).
   */
  private static final int SPIN_NANOS = 20_000, LONGEST_SPIN_NANOS = 100_000;

  /**
   * How long a lone reply took at first (windows start at their shortest), and the longest a small
   * one counts as having taken ({@link #loneTrip}).
   */
  private static final int SMALL_TRIP_NANOS = 10_000;

  /**
   * The longest a lone reply counts as having taken ({@link #loneTrip}): the windows are as long as
   * they get from 50 us on.
   */
  private static final int SLOWEST_LONE_TRIP_NANOS = 1_000_000;

  /**
   * Whether lone callers may spin ({@link #callersSpin}): on two or more CPUs, unless one carrier
   * reads.
   */
  static final boolean CALLERS_SPIN =
      callersSpin(
          Runtime.getRuntime().availableProcessors(),
          CarrierHandOver.CARRIER_READS,
          CarrierHandOver.carriers());

  /**
   * Whether lone callers may spin for their replies: not on one CPU, where a spinning caller would
   * hold the CPU the reader and the server need to answer it, nor where the carrier reads with one
   * carrier, where it would hold the carrier its reply is read on (its spin could never see it).
   */
  static boolean callersSpin(int cpus, boolean carrierReads, int carriers) {
    return cpus >= 2 && !(carrierReads && carriers == 1);
  }

  private final Connection connection;
  private final String server;
  private final ProtocolCodec codec;
  private final InFlightSlots permits;
  private final ConnectionListener listener;

  private InputStream in;

  /** The socket's streams; scattering reads for big values where it can ({@link #fillMore}). */
  private SocketIo io;

  /** Whether {@code in.available()} tells when a reply arrives: a plain socket, not TLS. */
  private boolean canPoll;

  /** Lends the reading to the callers' carrier where virtual threads have one. */
  private CarrierHandOver handOver;

  /** Big values carrier readers filled (for tests). */
  private int carrierFills;

  /** The read buffer (reader-owned: whoever reads, see the class comment). */
  private ByteBuffer buf;

  /** How much the next read asks for, at most. */
  private int room = BUFFER_SIZE;

  /** The codec's state for the reply being decoded: a big value being filled, a server error. */
  private final ReplyState reply = new ReplyState();

  /**
   * A big value is being read into its array ({@code reply.filling}), {@code fillAt} bytes of it so
   * far; the read buffer stays flipped meanwhile.
   */
  private boolean fillPending;

  private int fillAt;

  /** The reply being read has a big value read into its own array (sizes {@link #loneTrip}). */
  private boolean bigValueRead;

  /**
   * Replies in a row in chunks that found at most {@link #QUIET_IN_FLIGHT} in flight, up to {@link
   * #QUIET_AFTER}.
   */
  private int quietReplies;

  /** Replies in a row in chunks that found one request in flight, up to {@link #QUIET_AFTER}. */
  private int loneReplies;

  /**
   * How long a lone reply takes, from its request's write to its reply read, smoothed over the last
   * few (an eighth of each new one; a small value's counts as 10 us at most: {@link #loneTrip});
   * sizes the reader's poll and a lone caller's spin.
   */
  private int loneTripNanos = SMALL_TRIP_NANOS;

  /**
   * Whether a caller spins for its reply: the reader then blocks in {@code read} instead of
   * polling.
   */
  private volatile boolean callerSpins;

  /** Callers' spins skipped after spins that ended without their reply (racy). */
  private final Backoff spins = new Backoff();

  /** Spins that ended with their reply (racy, for tests). */
  private int spinsReplied;

  /** {@code repliesRead} at the last poll: more since means callers were woken. */
  private int repliesAtPoll;

  /** Polls skipped after polls that timed out. */
  private final Backoff polls = new Backoff();

  private volatile Thread thread;

  /** The newest request whose reply was read; its {@code next} is the oldest in flight. */
  private volatile Request<?> head;

  /**
   * Replies read: a request's number in flight ({@link Request#depth}, free once written) less this
   * is how many are ahead of it, for a timeout's message. Wrapping: only differences count.
   */
  private int repliesRead;

  /** Whether any reply has arrived. */
  private volatile boolean answered;

  ConnectionReader(
      Connection connection,
      ProtocolCodec codec,
      InFlightSlots permits,
      ConnectionListener listener,
      Request<?> sentinel) {
    this.connection = connection;
    this.server = connection.server();
    this.codec = codec;
    this.permits = permits;
    this.listener = listener;
    this.head = sentinel;
  }

  /**
   * The connector, once connected: starts the reader thread on {@code in}, a plain socket's stream
   * or a TLS one.
   */
  void start(SocketIo io, boolean tls) {
    this.io = io;
    this.in = io.in;
    this.canPoll = !tls;
    this.handOver = new CarrierHandOver(this, server, io.scatters());
    thread = Thread.ofPlatform().daemon().name("memcache-reader-" + server).start(this::run);
  }

  /** The oldest request awaiting its reply, or null (racy: for the sweeper and the closer). */
  Request<?> oldest() {
    return head.next;
  }

  /** Whether replies are due: a request was written and its reply not read yet. */
  boolean awaitsReplies() {
    return head.next != null;
  }

  /** Replies read so far (racy, for a message). */
  int repliesRead() {
    return repliesRead;
  }

  /** Whether any reply arrived. */
  boolean answered() {
    return answered;
  }

  /** Whether the reader polls for replies: the connection is quiet, not TLS (racy for tests). */
  boolean polls() {
    return canPoll && quietReplies >= QUIET_AFTER;
  }

  /**
   * For a caller about to park for {@code r}'s reply: spins for it first, if it may; whether {@code
   * r} is done. Only on two or more CPUs, only for the one request in flight on a connection whose
   * last {@value #QUIET_AFTER} replies each came with no other in flight, for up to 20 us, longer
   * when lone big values lately took longer (up to 100 us: {@link #spinNanos}), and not while spins
   * end without their reply (1, 2, 4 ... 64 skipped after each that did). A spinning caller's reply
   * costs the reader a store instead of waking the caller's parked thread. The reader stops polling
   * meanwhile: one awake thread is enough.
   */
  boolean spinUntilDone(Request<?> r) {
    // Alone: nothing written after it, every reply before it read (repliesRead is counted before a
    // request completes, so a caller that saw its last request complete sees the count).
    if (!CALLERS_SPIN
        || loneReplies < QUIET_AFTER
        || r.next != null
        || r.depth - 1 != repliesRead
        || spins.skips()) {
      return false;
    }
    callerSpins = true;
    long end = System.nanoTime() + spinNanos(loneTripNanos);
    boolean done;
    while (!(done = r.isDone()) && System.nanoTime() - end < 0) Thread.onSpinWait();
    callerSpins = false;
    if (done) {
      spinsReplied++;
      spins.hit();
    } else {
      spins.miss();
    }
    return done;
  }

  /**
   * How long lone replies take, smoothed, once one more took {@code nanos} from its request's write
   * and they took {@code tripNanos} before: an eighth of the new one counts. Only a big value read
   * into its own array ({@code big}) counts as long as it took, and a big value slower than twice
   * the smoothed trip (or than {@link #SPIN_NANOS}) as that, up to {@link
   * #SLOWEST_LONE_TRIP_NANOS}: the measure follows how long big values usually take to arrive, not
   * the odd late one, and still grows by an eighth a reply when they take longer for good. Any
   * other reply counts as at most {@link #SMALL_TRIP_NANOS}: a small value that came late was held
   * up by the scheduler or a slow server, not by its bytes, and longer windows do not bring it
   * sooner (they cost memcached and the JVM CPU per call: docs/concurrency.md).
   */
  static int loneTrip(int tripNanos, long nanos, boolean big) {
    int most =
        big
            ? Math.min(Math.max(2 * tripNanos, SPIN_NANOS), SLOWEST_LONE_TRIP_NANOS)
            : SMALL_TRIP_NANOS;
    return tripNanos + ((Math.clamp(nanos, 0, most) - tripNanos) >> 3);
  }

  /**
   * How long a lone caller spins at most when lone replies take {@code tripNanos}: twice that (the
   * spin starts as the request is written), from {@link #SPIN_NANOS} (small values' replies count
   * as taking half that at most) to {@link #LONGEST_SPIN_NANOS}. Beyond that a reply is not worth a
   * CPU: it comes from far away, and the spins that miss it make the next ones skip.
   */
  static int spinNanos(int tripNanos) {
    return Math.clamp(2L * tripNanos, SPIN_NANOS, LONGEST_SPIN_NANOS);
  }

  /**
   * How long the reader polls at most when lone replies take {@code tripNanos}: three times that
   * (the poll starts before the woken caller writes its next request), from {@value #POLL_MICROS}
   * to {@value #LONGEST_POLL_MICROS} us.
   */
  static long pollNanos(int tripNanos) {
    return Math.clamp(3L * tripNanos, POLL_MICROS * 1_000L, LONGEST_POLL_MICROS * 1_000L);
  }

  /** How long lone replies take, smoothed (racy, for tests). */
  int loneTripNanos() {
    return loneTripNanos;
  }

  /** Spins that ended with their reply (racy, for tests). */
  int spinsReplied() {
    return spinsReplied;
  }

  /** The hand-over to the callers' carrier (for tests' counts). */
  CarrierHandOver handOver() {
    return handOver;
  }

  /** The hand-over's counts, with the big values carrier readers filled (racy, for tests). */
  CarrierHandOver.Counts handOverCounts() {
    return handOver.counts(carrierFills);
  }

  /** The reader thread. */
  Thread thread() {
    return thread;
  }

  /** Whether a big value is being filled: its rest is still to read (whoever reads). */
  boolean fillPending() {
    return fillPending;
  }

  /** Waits at most {@code millis} for the reader thread to stop (a graceful close). */
  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  /** The sweeper: times out in-flight requests past their deadline; returns the budget left. */
  int expire(long now, int budget) {
    for (Request<?> r = head.next; r != null && budget-- > 0; r = r.next) {
      if (r.expired(now)) r.timeout();
    }
    return budget;
  }

  private void run() {
    buf = ByteBuffer.allocate(BUFFER_SIZE);
    MemcacheException cause;
    try {
      while (true) {
        if (fillPending) dispatchBuffered(true); // a carrier reader's big value: finish it
        Thread handOverTo = handOver.callerToHandOverTo();
        if (handOverTo != null) {
          handOver.readOnCarrier(handOverTo.threadId());
          continue;
        }
        if (polls() && pollQuietly()) continue; // a virtual caller parked: hand over?
        readAndDispatch(true);
      }
    } catch (MemcacheProtocolException e) {
      cause =
          new MemcacheProtocolException(server + ": " + e.getMessage() + "; connection closed", e);
    } catch (IOException e) {
      cause = new MemcacheConnectionException(server + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      cause = new MemcacheConnectionException(server + ": reader failed: " + e, e);
    }
    connection.readerStopped(cause);
  }

  /**
   * Reads once (blocking until bytes arrive) and completes every reply now whole ({@link
   * #dispatchBuffered}); a big value being filled takes the bytes into its own array instead.
   */
  void readAndDispatch(boolean mayBlock) throws IOException {
    if (fillPending) {
      dispatchBuffered(mayBlock);
      return;
    }
    int ask = Math.min(room, buf.remaining());
    int n = in.read(buf.array(), buf.position(), ask);
    if (n < 0) throw new EOFException("the server closed the connection");
    // Reads stay small after a big value until the socket fills one: a lone caller's next big
    // value then arrives as a header and a little, not 64 KB copied twice. A full read means
    // replies are streaming in: read big again.
    if (n == ask) room = BUFFER_SIZE;
    buf.position(buf.position() + n);
    buf.flip();
    dispatchBuffered(mayBlock);
  }

  /**
   * Completes the replies whole in the (flipped) buffer and fills big values ({@link #fillMore}):
   * where {@code mayBlock} (the reader thread) each until it is whole; else (a carrier reader) with
   * what has arrived, reading on past one while the next has all arrived too, until {@link
   * #CARRIER_FILL_BYTES} of big values were filled in the call. A value not whole stays pending
   * ({@code fillPending}), the buffer flipped and empty.
   */
  private void dispatchBuffered(boolean mayBlock) throws IOException {
    int need, filled = 0;
    while (true) {
      if (fillPending) {
        byte[] value = reply.filling;
        if (!mayBlock && filled >= CARRIER_FILL_BYTES) return;
        if (!fillMore(mayBlock)) return; // the rest has not all arrived
        filled += value.length;
        if (!mayBlock) carrierFills++;
      }
      if ((need = dispatch(buf)) != ProtocolCodec.FILL) break;
      byte[] value = reply.filling;
      fillAt = Math.min(buf.remaining(), value.length);
      buf.get(value, 0, fillAt);
      fillPending = true; // the buffer stays flipped until the value is whole
      bigValueRead = true;
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

  /** The virtual thread parked for the oldest request in flight, or null. */
  Thread virtualCaller() {
    Request<?> oldest = head.next;
    return oldest == null ? null : oldest.virtualWaiter();
  }

  /**
   * Before a blocking read on a quiet connection: lets the callers just woken write their next
   * requests (a woken caller's carrier may need this CPU, which a poll would hold), then polls, for
   * a request to be written (a woken caller on another CPU writes a few microseconds later) and for
   * its reply, until bytes arrive, more than quiet are in flight, or the poll times out; or, where
   * the reading may be handed to the carrier, until the oldest request's virtual caller parks
   * (true: to judge its hand-over).
   */
  private boolean pollQuietly() throws IOException {
    if (repliesAtPoll != repliesRead) {
      repliesAtPoll = repliesRead;
      Thread.yield();
      if (head.next == null) Thread.yield();
    }
    if (polls.skips()) return false;
    long deadline = System.nanoTime() + pollNanos(loneTripNanos);
    do {
      if (callerSpins) return false; // its caller is awake: the reply wakes the reader
      Request<?> oldest = head.next;
      if (oldest != null) {
        if (inFlightFrom(oldest) > QUIET_IN_FLIGHT) return false; // a burst: callers need the CPU
        if (repliesWaiting()) {
          polls.hit();
          return false;
        }
        if (handOver.parkedUnjudged(oldest)) return true;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - deadline < 0);
    polls.miss();
    return false;
  }

  /**
   * Whether reply bytes wait in the socket, asked only while no write call is under way: Linux
   * answers {@code available()} ({@code ioctl(FIONREAD)}) under the socket's lock, which a write
   * holds while it copies, so a poll asking then may sleep until the write ends and need waking.
   * (With the JDK's blocking socket the JVM's own state lock was contended too; the non-blocking
   * channel's writes do not take that one.)
   */
  boolean repliesWaiting() throws IOException {
    return connection.writer.writeStartedNanos() == 0 && in.available() > 0;
  }

  /** {@code r} and the requests written after it, counted up to one more than quiet allows. */
  private static int inFlightFrom(Request<?> r) {
    int n = 0;
    for (; r != null && n <= QUIET_IN_FLIGHT; r = r.next) n++;
    return n;
  }

  /**
   * Reads the rest of the big value being filled straight from the socket into its array: where
   * {@code mayBlock} (the reader thread) until it is whole, else (a carrier reader) once, what has
   * arrived. Where the socket can scatter (the only sockets carrier readers read), the same reads
   * take what follows the value into the (empty) read buffer, up to the small read that follows a
   * big value. Returns whether the value is whole; until then the read buffer stays empty.
   */
  private boolean fillMore(boolean mayBlock) throws IOException {
    byte[] value = reply.filling;
    if (io.scatters()) {
      buf.clear().limit(Math.min(buf.capacity(), AFTER_FILL_READ));
      ByteBuffer rest = ByteBuffer.wrap(value, fillAt, value.length - fillAt);
      ByteBuffer[] both = {rest, buf};
      do {
        long n = mayBlock ? io.read(both) : io.readArrived(both);
        if (n < 0) throw new EOFException("the server closed the connection");
      } while (mayBlock && rest.hasRemaining());
      fillAt = rest.position();
      buf.flip(); // what followed the value: the buffer is read from again
      if (rest.hasRemaining()) return false;
    } else {
      while (fillAt < value.length) {
        int n = in.read(value, fillAt, value.length - fillAt);
        if (n < 0) throw new EOFException("the server closed the connection");
        fillAt += n;
      }
    }
    fillPending = false;
    // What follows a big value is likely another: read its header and little more into the
    // buffer, so that its bytes go straight into their own array too.
    room = AFTER_FILL_READ;
    return true;
  }

  /**
   * Completes every request whose reply is whole in {@code buf}; returns the bytes needed next (0:
   * any), or {@link ProtocolCodec#FILL} for the value of the oldest request in flight.
   */
  private int dispatch(ByteBuffer buf) {
    Request<?> first = head, done = first;
    // The chunk's first reply finds the most in flight: quiet if that is few, lone if one. More
    // ends quiet (and lone) before the chunk wakes anyone: a woken caller must not spin on it.
    int inFlight = inFlightFrom(first.next);
    if (inFlight > QUIET_IN_FLIGHT) quietReplies = 0;
    if (inFlight > 1) loneReplies = 0;
    int read = repliesRead;
    try {
      while (buf.hasRemaining() || reply.filling != null) {
        Request<?> r = done.next;
        if (r == null) {
          throw new MemcacheProtocolException(
              "unsolicited bytes from the server: " + buf.remaining() + " bytes");
        }
        int need = codec.decode(r, buf, reply);
        if (need != ProtocolCodec.DONE) return need;
        // Unlink what is behind the head: a request a caller keeps must not keep every later one
        // (and its value) reachable. Only the reader moves here; the writer only appends at the
        // tail.
        if (done != first) done.next = null;
        done = r;
        repliesRead++;
        permits.release();
        RuntimeException error = reply.takeError();
        if (error != null) r.fail(error);
        else r.complete(); // false when abandoned: the reply is dropped
      }
      return 0;
    } finally {
      head = done;
      if (done != first) {
        int replies = repliesRead - read;
        if (inFlight <= QUIET_IN_FLIGHT) {
          quietReplies = Math.min(quietReplies + replies, QUIET_AFTER);
        }
        if (inFlight == 1) {
          loneReplies = Math.min(loneReplies + replies, QUIET_AFTER);
          loneTripNanos = loneTrip(loneTripNanos, System.nanoTime() - done.sentNanos, bigValueRead);
        }
        bigValueRead = false;
        first.next = null;
        if (!answered) { // even when a later reply in the chunk was garbage
          answered = true;
          listener.answered();
        }
      }
    }
  }

  /**
   * Once the reader stopped, on its thread, under the write lock (no writer links new requests
   * meanwhile): fails every request in flight, which was written and will get no reply.
   */
  void failInFlight(MemcacheException cause) {
    for (Request<?> r = head.next; r != null; r = r.next) {
      head = r;
      permits.release();
      r.fail(Failures.inFlight(r, cause));
    }
  }
}
