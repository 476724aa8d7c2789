package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 * polls the socket for up to {@value #POLL_MICROS} us before it blocks in {@code read}. A reply
 * then finds the reader awake instead of paying for waking a sleeping CPU, which on loopback is
 * most of a round trip. More in flight ends the polling at once (under load the woken callers need
 * the CPU); polls that time out make the reader skip the next 1, 2, 4 ... 64 (a slow server's
 * replies are not worth a CPU). The socket is not polled while a write call is under way: Linux
 * answers {@code available()} under the socket's lock, which the write holds. Not on TLS, whose
 * stream's {@code available()} counts decrypted bytes only.
 *
 * <p><b>A lone caller spins.</b> When the JVM has two or more CPUs (and not one carrier that reads:
 * below) and, for the last {@value #QUIET_AFTER} replies, each came with no other request in
 * flight, a caller whose request is the only one in flight spins for up to 20 us before it parks
 * ({@link #spinUntilDone}): the reader's completion then costs a store it sees at once, not waking
 * a parked virtual thread and its carrier, which unpinned cost as much as the round trip. The
 * reader blocks in {@code read} meanwhile instead of polling. Spins that end without the reply make
 * the next 1, 2, 4 ... 64 callers park at once. See docs/concurrency.md.
 *
 * <p><b>With one carrier the callers' carrier reads.</b> Where every virtual thread has one carrier
 * (a JVM with one CPU, or one carrier set on more), the reader thread, once the oldest request in
 * flight has a virtual thread parked for its reply (looked for before it blocks and while it
 * polls), hands the reading to a carrier reader, a virtual thread that yields to every virtual
 * thread ready to run and reads whatever has arrived between them ({@link #carrierReader}): the
 * carrier stays awake only while it has nothing else to run, and no thread is woken by the kernel.
 * A big value it fills with what has arrived of it, and reads on past it in the same turn while the
 * next ones have arrived too, up to {@link #CARRIER_FILL_BYTES} a turn: the callers it woke then
 * write their next requests together. It hands the reading back when no virtual caller waits, or
 * after {@value #POLL_MICROS} us without a byte (in the middle of a big value too: the reader
 * thread fills the rest in blocking reads, and where no reply was read the hand-overs back off
 * further); the reader thread takes it back when the carrier reader has not run for 1 ms (virtual
 * threads are not time-sliced: callers that never park, or one pinning the carrier, would starve
 * it; so may a collection's pause or a busy CPU, once). A caller that two takings back in a row
 * were for, with no hand-over for it that read a reply between, the reader thread on time in both
 * (one after it overslept its own park, as in a collection's pause, is not counted) and no carrier
 * reader's turn from the first one's wait on (one taken back unbegun runs before its caller's next
 * call unless the caller holds the carrier), is read for by the reader thread itself for the next
 * second (a caller pinned to the one carrier, in a class initializer or under a native frame, would
 * otherwise cost 1 ms at every hand-over the back-off lets through); the suspicion starts over
 * after it. Never on TLS.
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
 *       fillAt}), {@code repliesRead}, the polling state ({@code canPoll}, {@code quietReplies},
 *       {@code loneReplies}, {@code repliesAtPoll}, {@code polls}): whoever reads, the reader
 *       thread or the carrier reader it handed the reading to; {@code reading} says which, and its
 *       changes publish these fields from one to the other (a carrier reader reads only after
 *       moving it from {@code CARRIER} to {@code CARRIER_READING}, and the reader thread takes the
 *       reading back only from {@code CARRIER}). {@code in} and {@code canPoll} are set before the
 *       thread starts; {@code repliesRead} is read racily for a timeout's message, {@code
 *       quietReplies} by tests, {@code loneReplies} by callers deciding to spin.
 *   <li>{@code carrierTurns}: written by the carrier reader, read by the reader thread (starved?);
 *       {@code carrierFailure}: written by the carrier reader before it hands the reading back;
 *       {@code carrierHits}, {@code bigValueHandBacks}, {@code carrierFills}: by the carrier reader
 *       (read racily by tests); {@code handOvers}, {@code rescues}: both, racily (a lost update
 *       costs one hand-over); {@code rescuedFor}, {@code readFor}, {@code readForSince}, {@code
 *       judgedAt}, {@code handOversMade}, {@code handOverChances}, {@code readForCount}, {@code
 *       stalledRescues}, {@code turnsAtRescue}, {@code freedRescues}: the reader thread (the counts
 *       read racily by tests).
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
 *   <li>In {@link Request}: the reply fields, {@code filling}, {@code fillEnds}: whoever reads (the
 *       state CAS that completes the request publishes them to its caller); {@code next} behind the
 *       head: unlinked by the reader, so a kept request keeps no later one alive.
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

  /** The longest the reader polls for a reply (a loopback round trip takes about 30 us). */
  private static final int POLL_MICROS = 50;

  /** The most polls skipped after polls that timed out, and the most spins after spins that did. */
  private static final int MAX_SKIPPED = 64;

  /**
   * The most hand-overs skipped after hand-overs that ended in the middle of a big value with no
   * reply read (its bytes stopped for {@value #POLL_MICROS} us: a server whose big values trickle
   * in): such a connection tries a carrier reader once in 4,097 chances, not once in 65. Such a
   * hand-over costs its caller a carrier reader started and given back, and its slowest ones (one
   * in 70 over 500 us, measured when every big value was handed back) cost a lone caller's 100 KB
   * gets about 5% of their p99 in seven runs against this cap (docs/concurrency.md).
   */
  private static final int MAX_SKIPPED_AFTER_BIG = 4096;

  /**
   * The longest a lone caller spins for its reply before it parks (a loopback round trip takes
   * about 10 us when the caller and the server run on different CPUs).
   */
  private static final long SPIN_NANOS = 20_000;

  /**
   * Whether the reader may hand its reading to a virtual thread on the callers' carrier ({@link
   * #readOnCarrier}): where virtual threads have one carrier (a JVM with one CPU, or {@code
   * -Djdk.virtualThreadScheduler.parallelism=1} on more), on a JDK whose virtual threads no longer
   * pin their carrier in {@code synchronized} (24 and later). {@code
   * -Ddev.memcache.readerThread=carrier} or {@code platform} decides it instead (CI runs the fault
   * tests again as on one CPU and with one carrier on two CPUs, and the storms with it forced on).
   */
  static final boolean CARRIER_READS =
      carrierReads(
          System.getProperty("dev.memcache.readerThread", ""),
          carriers(),
          Runtime.version().feature());

  /** The default scheduler's carriers, counted as the JDK does. */
  static int carriers() {
    return Integer.getInteger(
        "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@link #CARRIER_READS} for the {@code dev.memcache.readerThread} property's value, the virtual
   * threads' carriers and the JDK's feature release.
   */
  static boolean carrierReads(String readerThread, int carriers, int jdkFeature) {
    return switch (readerThread) {
      case "carrier" -> true;
      case "platform" -> false;
      default -> carriers == 1 && jdkFeature >= 24;
    };
  }

  /**
   * Whether lone callers may spin ({@link #callersSpin}): on two or more CPUs, unless one carrier
   * reads.
   */
  static final boolean CALLERS_SPIN =
      callersSpin(Runtime.getRuntime().availableProcessors(), CARRIER_READS, carriers());

  /**
   * Whether lone callers may spin for their replies: not on one CPU, where a spinning caller would
   * hold the CPU the reader and the server need to answer it, nor where the carrier reads with one
   * carrier, where it would hold the carrier its reply is read on (its spin could never see it).
   */
  static boolean callersSpin(int cpus, boolean carrierReads, int carriers) {
    return cpus >= 2 && !(carrierReads && carriers == 1);
  }

  /**
   * How long a carrier reader may go without a turn before the reader thread takes the reading
   * back: virtual threads are not time-sliced, and callers that never park would starve it.
   */
  private static final long RESCUE_NANOS = 1_000_000;

  /**
   * How long the reader thread reads for a caller itself after two rescues in a row for it: a
   * caller pinned for long then costs two rescues (2 ms) a second, and one pinned for a while (a
   * class initializer's calls) gets hand-overs again after it.
   */
  private static final long READ_FOR_NANOS = 1_000_000_000;

  /** Who reads: the reader thread, or a carrier reader, idle or reading. */
  private static final int THREAD = 0, CARRIER = 1, CARRIER_READING = 2;

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

  /** Starts carrier readers, for the reader thread (named once, not at every hand-over). */
  private final Thread.Builder.OfVirtual carrierReaders;

  /** Who reads ({@link #THREAD}, {@link #CARRIER}, {@link #CARRIER_READING}). */
  private final AtomicInteger reading = new AtomicInteger(THREAD);

  /** Turns the carrier reader has taken (read by the reader thread to see it starved). */
  private volatile int carrierTurns;

  /** What stopped a carrier reader, for the reader thread to stop on. */
  private Throwable carrierFailure;

  /** Hand-overs skipped after carrier readers that timed out or were starved. */
  private final Backoff handOvers = new Backoff();

  /** Carrier readers taken over by the reader thread after going {@link #RESCUE_NANOS} unrun. */
  private int rescues;

  /** Rescues after this thread overslept a park, not counted toward a pinned caller. */
  private int stalledRescues;

  /**
   * Carrier readers that handed back after reading a reply whole (a success), those that handed
   * back in the middle of a big value, and the big values carrier readers filled.
   */
  private int carrierHits, bigValueHandBacks, carrierFills;

  /**
   * The virtual thread (its id) the last rescue was for, until a hand-over for it reads a reply: a
   * rescue may be a one-off (a collection's pause, a CPU busy for a moment), and the carrier
   * reader's turns after it show the caller does not hold the carrier.
   */
  private long rescuedFor = -1;

  /**
   * {@code carrierTurns} when the wait of the rescue for {@code rescuedFor} began. A caller that
   * holds the one carrier while it waits lets no virtual thread run, so no carrier reader's turn
   * from then to the end of a second rescue's wait; one that does not hold it runs the carrier
   * reader taken back unbegun before its own next call, since this thread queued that reader on the
   * carrier before it woke the caller (in order). A turn shows the carrier was free (only slow: a
   * busy CPU, a pause) and makes a second rescue a first again.
   */
  private int turnsAtRescue;

  /** Second rescues in a row for a caller after a carrier reader's turn: no pinned caller. */
  private int freedRescues;

  /**
   * The virtual thread (its id) two rescues in a row were for, and since when: likely pinned to the
   * one carrier (waiting in a class initializer or under a native frame), where no carrier reader
   * can run beside it; the reader thread reads for it for {@link #READ_FOR_NANOS} instead of
   * waiting out a rescue at every hand-over.
   */
  private long readFor = -1;

  private long readForSince;

  /**
   * {@code repliesRead} when {@link #handOverFor} last found the oldest request's virtual caller
   * parked: that request's hand-over was judged (a count, not the request: it keeps no value
   * alive).
   */
  private int judgedAt = -1;

  /**
   * Readings handed to a carrier reader, chances to hand over (a parked caller not read for), and
   * callers read for after two rescues (for tests).
   */
  private int handOversMade, handOverChances, readForCount;

  /** The read buffer (reader-owned: whoever reads, see the class comment). */
  private ByteBuffer buf;

  /** How much the next read asks for, at most. */
  private int room = BUFFER_SIZE;

  /**
   * A big value is being read into its array ({@code head.next.filling}), {@code fillAt} bytes of
   * it so far; the read buffer stays flipped meanwhile.
   */
  private boolean fillPending;

  private int fillAt;

  /**
   * Replies in a row in chunks that found at most {@link #QUIET_IN_FLIGHT} in flight, up to {@link
   * #QUIET_AFTER}.
   */
  private int quietReplies;

  /** Replies in a row in chunks that found one request in flight, up to {@link #QUIET_AFTER}. */
  private int loneReplies;

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
    this.carrierReaders = Thread.ofVirtual().name("memcache-carrier-reader-" + server);
  }

  /**
   * The connector, once connected: starts the reader thread on {@code in}, a plain socket's stream
   * or a TLS one.
   */
  void start(SocketIo io, boolean tls) {
    this.io = io;
    this.in = io.in;
    this.canPoll = !tls;
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
   * last {@value #QUIET_AFTER} replies each came with no other in flight, for up to 20 us, and not
   * while spins end without their reply (1, 2, 4 ... 64 skipped after each that did). A spinning
   * caller's reply costs the reader a store instead of waking the caller's parked thread. The
   * reader stops polling meanwhile: one awake thread is enough.
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
    long end = System.nanoTime() + SPIN_NANOS;
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

  /** Carrier readers the reader thread took the reading back from, unrun (racy, for tests). */
  int carrierRescues() {
    return rescues;
  }

  /** Rescues after the reader thread itself overslept (a pause), judged no pinned caller. */
  int stalledRescues() {
    return stalledRescues;
  }

  /**
   * Second rescues in a row for a caller after a carrier reader's turn, judged no pinned caller.
   */
  int freedRescues() {
    return freedRescues;
  }

  /**
   * The hand-over's counts (racy, for tests): readings handed to a carrier reader, chances to hand
   * over (skipped or taken), carrier readers that handed back as a success (which starts the
   * back-off over) and in the middle of a big value, and big values carrier readers filled.
   */
  record HandOverCounts(int made, int chances, int hits, int bigValueHandBacks, int carrierFills) {
    /** The counts since {@code before}. */
    HandOverCounts since(HandOverCounts before) {
      return new HandOverCounts(
          made - before.made,
          chances - before.chances,
          hits - before.hits,
          bigValueHandBacks - before.bigValueHandBacks,
          carrierFills - before.carrierFills);
    }
  }

  HandOverCounts handOverCounts() {
    return new HandOverCounts(
        handOversMade, handOverChances, carrierHits, bigValueHandBacks, carrierFills);
  }

  /** Times the reader thread began reading for a caller after two rescues for it (for tests). */
  int callersReadFor() {
    return readForCount;
  }

  /** Spins that ended with their reply (racy, for tests). */
  int spinsReplied() {
    return spinsReplied;
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
        Thread handOverFor = handOverFor();
        if (handOverFor != null) {
          readOnCarrier(handOverFor.threadId());
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
  private void readAndDispatch(boolean mayBlock) throws IOException {
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
        byte[] value = head.next.filling;
        if (!mayBlock && filled >= CARRIER_FILL_BYTES) return;
        if (!fillMore(mayBlock)) return; // the rest has not all arrived
        filled += value.length;
        if (!mayBlock) carrierFills++;
      }
      if ((need = dispatch(buf)) != ProtocolCodec.FILL) break;
      byte[] value = head.next.filling;
      fillAt = Math.min(buf.remaining(), value.length);
      buf.get(value, 0, fillAt);
      fillPending = true; // the buffer stays flipped until the value is whole
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

  /**
   * The caller to hand the reading to a carrier reader for before blocking, or null: only where
   * {@link #CARRIER_READS}, on a plain socket, while the oldest request in flight has a virtual
   * thread parked for its reply.
   */
  private Thread handOverFor() {
    if (!CARRIER_READS || !canPoll || !io.scatters()) return null; // carrier readers scatter
    Thread caller = virtualCaller();
    if (caller == null) return null;
    judgedAt = repliesRead;
    if (readsFor(caller)) return null;
    handOverChances++;
    return handOvers.skips() ? null : caller;
  }

  /**
   * Whether the oldest request in flight, {@code oldest}, has a virtual thread parked for its reply
   * that {@link #handOverFor} has not judged yet: where {@link #CARRIER_READS}, the quiet poll
   * stops for it, so a lone caller's hand-over does not wait for the reader thread to find it
   * parked by chance (a poll on a CPU of its own reads every reply first).
   */
  private boolean parkedUnjudged(Request<?> oldest) {
    return CARRIER_READS && repliesRead != judgedAt && oldest.virtualWaiter() != null;
  }

  /** Whether the reader thread reads for {@code caller} (two rescues in a row, within a second). */
  private boolean readsFor(Thread caller) {
    return caller.threadId() == readFor && System.nanoTime() - readForSince < READ_FOR_NANOS;
  }

  /** The virtual thread parked for the oldest request in flight, or null. */
  private Thread virtualCaller() {
    Request<?> oldest = head.next;
    return oldest == null ? null : oldest.virtualWaiter();
  }

  /**
   * Hands the reading to a new carrier reader, for the virtual thread {@code forCaller} (its id)
   * waiting for the oldest reply, and parks until it hands it back, taking it back itself when the
   * carrier reader has not had a turn for {@link #RESCUE_NANOS} (starved by virtual threads that do
   * not park, or by a caller pinning the one carrier); rethrows what stopped the carrier reader.
   */
  private void readOnCarrier(long forCaller) throws IOException {
    int read = repliesRead;
    carrierFailure = null;
    reading.set(CARRIER);
    handOversMade++;
    int begun = carrierTurns, seen = begun;
    carrierReaders.start(this::carrierReader);
    long since = System.nanoTime(), woke = since;
    boolean rescue = false, stalled = false;
    while (reading.get() != THREAD) {
      LockSupport.parkNanos(this, RESCUE_NANOS); // may return early: a stale unpark
      int turns = carrierTurns;
      long now = System.nanoTime();
      // Since the carrier reader's last turn, this thread overslept a park: the whole JVM (a
      // collection's pause) or its CPU stalled, so the missed turns say nothing of a caller
      // pinning the carrier.
      stalled = turns == seen && (stalled || now - woke > 2 * RESCUE_NANOS);
      woke = now;
      if (turns != seen) {
        seen = turns;
        since = now;
      } else if (now - since >= RESCUE_NANOS && reading.compareAndSet(CARRIER, THREAD)) {
        rescues++;
        rescue = true;
        Thread caller = virtualCaller(); // the reading, and so the head, are this thread's again
        if (stalled) stalledRescues++;
        else if (caller != null) rescued(caller.threadId(), begun, turns, now);
        handOvers.miss();
        break;
      }
    }
    // Handed back after reading replies: the carrier reader ran while this caller waited, so the
    // caller does not hold the carrier, whatever the last rescue for it was.
    if (!rescue && repliesRead != read && forCaller == rescuedFor) rescuedFor = -1;
    Throwable f = carrierFailure;
    if (f != null) {
      carrierFailure = null;
      if (f instanceof IOException e) throw e;
      if (f instanceof RuntimeException e) throw e;
      throw (Error) f;
    }
  }

  /**
   * After a rescue for {@code caller}, the carrier readers having taken {@code begun} turns in all
   * when its wait began and {@code turns} when it ended: the second in a row for it (no hand-over
   * for it read a reply between) with no carrier reader's turn from the first one's wait on makes
   * the reader thread read for it for {@link #READ_FOR_NANOS}.
   */
  private void rescued(long caller, int begun, int turns, long now) {
    if (caller != rescuedFor || turns != turnsAtRescue) {
      if (caller == rescuedFor) freedRescues++; // a carrier reader ran: the carrier was free
      rescuedFor = caller; // maybe a one-off: a collection's pause, a CPU busy for a moment
      turnsAtRescue = begun;
    } else {
      rescuedFor = -1; // after the second, two rescues in a row again
      readFor = caller;
      readForSince = now;
      readForCount++;
    }
  }

  /**
   * A carrier reader: on a virtual thread, while the oldest request in flight has a virtual thread
   * parked for its reply, yields to every virtual thread that can run (the callers just woken write
   * their next requests) and then reads whatever bytes have arrived, without blocking ({@link
   * #dispatchBuffered} says how far into big values), until {@value #POLL_MICROS} us pass with none
   * or no virtual caller waits; then hands the reading back. The one carrier stays awake exactly
   * while it has nothing else to run: a reply finds the reading awake instead of waking a sleeping
   * CPU, the reader thread and then the carrier, and under load it takes no time from the callers.
   */
  private void carrierReader() {
    long deadline = System.nanoTime() + POLL_MICROS * 1_000L;
    int read = repliesRead;
    try {
      while (true) {
        carrierTurns++; // before the yield: a reader's first turn shows at once (turnsAtRescue)
        Thread.yield();
        if (reading.get() != CARRIER) return; // taken back: the reader thread reads
        if (virtualCaller() == null) break;
        if (!repliesWaiting()) {
          if (System.nanoTime() - deadline > 0) break;
          continue;
        }
        if (!reading.compareAndSet(CARRIER, CARRIER_READING)) return;
        try {
          readAndDispatch(false); // bytes are there: the read does not block
        } finally {
          reading.set(CARRIER);
        }
        deadline = System.nanoTime() + POLL_MICROS * 1_000L;
      }
    } catch (IOException | RuntimeException | Error e) {
      if (reading.get() != CARRIER) return; // taken back: the reader thread meets it itself
      carrierFailure = e;
    }
    boolean replied = repliesRead != read;
    if (fillPending) bigValueHandBacks++; // the reader thread fills the rest
    if (fillPending && !replied) {
      // Ended in a big value without a reply read whole: its bytes come slowly, and the reader
      // thread reads them better, in blocking reads; hand over far less.
      handOvers.miss(MAX_SKIPPED_AFTER_BIG);
    } else if (replied) {
      handOvers.hit();
      carrierHits++;
    } else {
      handOvers.miss(MAX_SKIPPED);
    }
    if (reading.compareAndSet(CARRIER, THREAD)) LockSupport.unpark(thread);
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
    long deadline = System.nanoTime() + POLL_MICROS * 1_000L;
    do {
      if (callerSpins) return false; // its caller is awake: the reply wakes the reader
      Request<?> oldest = head.next;
      if (oldest != null) {
        if (inFlightFrom(oldest) > QUIET_IN_FLIGHT) return false; // a burst: callers need the CPU
        if (repliesWaiting()) {
          polls.hit();
          return false;
        }
        if (parkedUnjudged(oldest)) return true;
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
  private boolean repliesWaiting() throws IOException {
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
    byte[] value = head.next.filling;
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
        int replies = repliesRead - read;
        if (inFlight <= QUIET_IN_FLIGHT) {
          quietReplies = Math.min(quietReplies + replies, QUIET_AFTER);
        }
        if (inFlight == 1) loneReplies = Math.min(loneReplies + replies, QUIET_AFTER);
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

  /**
   * Skips attempts after ones that failed: 1 after a failure, then 2, 4 ... {@value #MAX_SKIPPED}
   * (or the most the failure allows) after each further failure in a row; a success starts over.
   * Not thread-safe (racy use costs one attempt or one skip).
   */
  private static final class Backoff {
    private int toSkip, afterMiss = 1;

    /** Whether to skip this attempt (counts it as skipped). */
    boolean skips() {
      if (toSkip == 0) return false;
      toSkip--;
      return true;
    }

    void hit() {
      afterMiss = 1;
    }

    void miss() {
      miss(MAX_SKIPPED);
    }

    /**
     * A failure that lets the skips grow up to {@code most}; never shrinks them (a hand-over that
     * timed out after big values keeps their back-off: only a success starts over).
     */
    void miss(int most) {
      toSkip = afterMiss;
      afterMiss = Math.max(afterMiss, Math.min(2 * afterMiss, most));
    }
  }
}
