package dev.memcache.core.internal.connection;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link ConnectionReader}'s hand-over of its reading to the callers' carrier, where every
 * virtual thread has one carrier (a JVM with one CPU, or one carrier set on more). Once the oldest
 * request in flight has a virtual thread parked for its reply (looked for before the reader thread
 * blocks and while it polls), the reader thread hands the reading to a carrier reader, a virtual
 * thread that yields to every virtual thread ready to run and reads whatever has arrived between
 * them ({@link #carrierReader}): the carrier stays awake only while it has nothing else to run, and
 * no thread is woken by the kernel. A big value it fills with what has arrived of it, and reads on
 * past it while the next ones have arrived too ({@link ConnectionReader#readAndDispatch}). It hands
 * the reading back when no virtual caller waits, or after {@value ConnectionReader#POLL_MICROS} us
 * without a byte (in the middle of a big value too: the reader thread fills the rest in blocking
 * reads, and where no reply was read the hand-overs back off further); the reader thread takes it
 * back when the carrier reader has not run for 1 ms (virtual threads are not time-sliced: callers
 * that never park, or one pinning the carrier, would starve it; so may a collection's pause or a
 * busy CPU, once).
 *
 * <p><b>A pinned caller is read for by the reader thread.</b> A caller that two takings back in a
 * row were for, with no hand-over for it that read a reply between, the reader thread on time in
 * both (one after it overslept its own park, as in a collection's pause, is not counted) and no
 * carrier reader's turn from the first one's wait on (one taken back unbegun runs before its
 * caller's next call unless the caller holds the carrier), is read for by the reader thread itself
 * for the next second (a caller pinned to the one carrier, in a class initializer or under a native
 * frame, would otherwise cost 1 ms at every hand-over the back-off lets through); the suspicion
 * starts over after it. Never on TLS. See docs/concurrency.md.
 *
 * <p><b>Thread rules.</b> {@code reading} says who reads, and its changes publish the reader's
 * reading state ({@link ConnectionReader}'s class comment lists it) from one reader to the other: a
 * carrier reader reads only after moving it from {@code CARRIER} to {@code CARRIER_READING}, and
 * the reader thread takes the reading back only from {@code CARRIER}. {@code carrierTurns}: written
 * by the carrier reader, read by the reader thread (starved?); {@code carrierFailure}: written by
 * the carrier reader before it hands the reading back; {@code carrierHits}, {@code
 * bigValueHandBacks}: by the carrier reader (read racily by tests); {@code handOvers}, {@code
 * rescues}: both, racily (a lost update costs one hand-over); the rest: the reader thread (the
 * counts read racily by tests).
 */
final class CarrierHandOver {
  /**
   * Whether the reader may hand its reading to a virtual thread on the callers' carrier: where
   * virtual threads have one carrier (a JVM with one CPU, or {@code
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
   * The most hand-overs skipped after hand-overs that ended in the middle of a big value with no
   * reply read (its bytes stopped for {@value ConnectionReader#POLL_MICROS} us: a server whose big
   * values trickle in): such a connection tries a carrier reader once in 4,097 chances, not once in
   * 65. Such a hand-over costs its caller a carrier reader started and given back, and its slowest
   * ones (one in 70 over 500 us, measured when every big value was handed back) cost a lone
   * caller's 100 KB gets about 5% of their p99 in seven runs against this cap
   * (docs/concurrency.md).
   */
  private static final int MAX_SKIPPED_AFTER_BIG = 4096;

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

  private final ConnectionReader reader;

  /**
   * Whether this connection hands over at all: {@link #CARRIER_READS}, a plain socket that
   * scatters.
   */
  private final boolean enabled;

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

  /** Rescues after the reader thread overslept a park, not counted toward a pinned caller. */
  private int stalledRescues;

  /**
   * Carrier readers that handed back after reading a reply whole (a success), and those that handed
   * back in the middle of a big value.
   */
  private int carrierHits, bigValueHandBacks;

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
   * reader taken back unbegun before its own next call, since the reader thread queued that reader
   * on the carrier before it woke the caller (in order). A turn shows the carrier was free (only
   * slow: a busy CPU, a pause) and makes a second rescue a first again.
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
   * The reader's replies read when {@link #callerToHandOverTo} last found the oldest request's
   * virtual caller parked: that request's hand-over was judged (a count, not the request: it keeps
   * no value alive).
   */
  private int judgedAt = -1;

  /**
   * Readings handed to a carrier reader, chances to hand over (a parked caller not read for), and
   * callers read for after two rescues (for tests).
   */
  private int handOversMade, handOverChances, readForCount;

  /** For {@code reader}'s connection to {@code server}; hands over only if {@code scatters}. */
  CarrierHandOver(ConnectionReader reader, String server, boolean scatters) {
    this.reader = reader;
    this.enabled = CARRIER_READS && scatters;
    this.carrierReaders = Thread.ofVirtual().name("memcache-carrier-reader-" + server);
  }

  /**
   * The reader thread, before blocking: the caller to hand the reading to a carrier reader for, or
   * null: only where this connection hands over, while the oldest request in flight has a virtual
   * thread parked for its reply, not read for by the reader thread and not skipped by the back-off.
   */
  Thread callerToHandOverTo() {
    if (!enabled) return null;
    Thread caller = reader.virtualCaller();
    if (caller == null) return null;
    judgedAt = reader.repliesRead();
    long id = caller.threadId();
    if (id == readFor && readsFor(id, System.nanoTime())) return null; // the clock only then
    handOverChances++;
    return handOvers.skips() ? null : caller;
  }

  /**
   * Whether the oldest request in flight, {@code oldest}, has a virtual thread parked for its reply
   * that {@link #callerToHandOverTo} has not judged yet: the quiet poll stops for it, so a lone
   * caller's hand-over does not wait for the reader thread to find it parked by chance (a poll on a
   * CPU of its own reads every reply first).
   */
  boolean parkedUnjudged(Request<?> oldest) {
    return enabled && reader.repliesRead() != judgedAt && oldest.virtualWaiter() != null;
  }

  /**
   * Whether the reader thread reads for {@code caller} (a virtual thread's id) at {@code now}: two
   * rescues in a row for it, within the last {@link #READ_FOR_NANOS}.
   */
  boolean readsFor(long caller, long now) {
    return caller == readFor && now - readForSince < READ_FOR_NANOS;
  }

  /**
   * The reader thread: hands the reading to a new carrier reader, for the virtual thread {@code
   * forCaller} (its id) waiting for the oldest reply, and parks until it hands it back, taking it
   * back itself when the carrier reader has not had a turn for {@link #RESCUE_NANOS} (starved by
   * virtual threads that do not park, or by a caller pinning the one carrier); rethrows what
   * stopped the carrier reader.
   */
  void readOnCarrier(long forCaller) throws IOException {
    int read = reader.repliesRead();
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
      // Since the carrier reader's last turn, the reader thread overslept a park: the whole JVM (a
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
        Thread caller = reader.virtualCaller(); // the reading and the head are this thread's
        if (stalled) stalledRescues++;
        else if (caller != null) rescued(caller.threadId(), begun, turns, now);
        handOvers.miss();
        break;
      }
    }
    if (!rescue && reader.repliesRead() != read) repliedFor(forCaller);
    Throwable f = carrierFailure;
    if (f != null) {
      carrierFailure = null;
      if (f instanceof IOException e) throw e;
      if (f instanceof RuntimeException e) throw e;
      throw (Error) f;
    }
  }

  /**
   * After a hand-over for {@code caller} that read replies: the carrier reader ran while the caller
   * waited, so the caller does not hold the carrier, whatever the last rescue for it was.
   */
  void repliedFor(long caller) {
    if (caller == rescuedFor) rescuedFor = -1;
  }

  /**
   * After a rescue for {@code caller} at {@code now}, the carrier readers having taken {@code
   * begun} turns in all when its wait began and {@code turns} when it ended: the second in a row
   * for it (no hand-over for it read a reply between) with no carrier reader's turn from the first
   * one's wait on makes the reader thread read for it for {@link #READ_FOR_NANOS}.
   */
  void rescued(long caller, int begun, int turns, long now) {
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
   * ConnectionReader#readAndDispatch} says how far into big values), until {@value
   * ConnectionReader#POLL_MICROS} us pass with none or no virtual caller waits; then hands the
   * reading back. The one carrier stays awake exactly while it has nothing else to run: a reply
   * finds the reading awake instead of waking a sleeping CPU, the reader thread and then the
   * carrier, and under load it takes no time from the callers.
   */
  private void carrierReader() {
    long deadline = System.nanoTime() + ConnectionReader.POLL_MICROS * 1_000L;
    int read = reader.repliesRead();
    try {
      while (true) {
        carrierTurns++; // before the yield: a reader's first turn shows at once (turnsAtRescue)
        Thread.yield();
        if (reading.get() != CARRIER) return; // taken back: the reader thread reads
        if (reader.virtualCaller() == null) break;
        if (!reader.repliesWaiting()) {
          if (System.nanoTime() - deadline > 0) break;
          continue;
        }
        if (!reading.compareAndSet(CARRIER, CARRIER_READING)) return;
        try {
          reader.readAndDispatch(false); // bytes are there: the read does not block
        } finally {
          reading.set(CARRIER);
        }
        deadline = System.nanoTime() + ConnectionReader.POLL_MICROS * 1_000L;
      }
    } catch (IOException | RuntimeException | Error e) {
      if (reading.get() != CARRIER) return; // taken back: the reader thread meets it itself
      carrierFailure = e;
    }
    boolean replied = reader.repliesRead() != read;
    boolean midValue = reader.fillPending();
    if (midValue) bigValueHandBacks++; // the reader thread fills the rest
    if (midValue && !replied) {
      // Ended in a big value without a reply read whole: its bytes come slowly, and the reader
      // thread reads them better, in blocking reads; hand over far less.
      handOvers.miss(MAX_SKIPPED_AFTER_BIG);
    } else if (replied) {
      handOvers.hit();
      carrierHits++;
    } else {
      handOvers.miss(Backoff.MAX_SKIPPED);
    }
    if (reading.compareAndSet(CARRIER, THREAD)) LockSupport.unpark(reader.thread());
  }

  /** Carrier readers the reader thread took the reading back from, unrun (racy, for tests). */
  int rescues() {
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

  /** Times the reader thread began reading for a caller after two rescues for it (for tests). */
  int callersReadFor() {
    return readForCount;
  }

  /**
   * The hand-over's counts (racy, for tests): readings handed to a carrier reader, chances to hand
   * over (skipped or taken), carrier readers that handed back as a success (which starts the
   * back-off over) and in the middle of a big value, and big values carrier readers filled.
   */
  record Counts(int made, int chances, int hits, int bigValueHandBacks, int carrierFills) {
    /** The counts since {@code before}. */
    Counts since(Counts before) {
      return new Counts(
          made - before.made,
          chances - before.chances,
          hits - before.hits,
          bigValueHandBacks - before.bigValueHandBacks,
          carrierFills - before.carrierFills);
    }
  }

  /** The counts, with the reader's {@code carrierFills}. */
  Counts counts(int carrierFills) {
    return new Counts(handOversMade, handOverChances, carrierHits, bigValueHandBacks, carrierFills);
  }
}
