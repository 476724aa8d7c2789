package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.MemcacheUnknownCommandException;
import dev.memcache.core.internal.Call;
import dev.memcache.core.internal.Command;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A command as data: what to send, what came back, and who waits. This class holds what every
 * command has (its kind, key or keys, noreply, the status word) and the connection's bookkeeping (a
 * big value being read and a server error are the reader's, {@link ReplyState}); each command
 * family is a subclass that owns its own encoding inputs and its typed reply ({@code
 * dev.memcache.core.internal.protocol}: {@code Get}, {@code Store}, {@code Counter}, {@code
 * MultiGet}...), so a request is still one object. A request of this class itself is a command with
 * nothing but its kind: {@code noop}, {@code quit}, or a {@code version} whose string nobody reads
 * (a server's probe). The caller fills the command; the reader fills the reply, then completes it;
 * the caller reads the reply after that (the state's volatile write publishes).
 */
public class Request<T> extends Call<T> {
  /** What the server answered, when the answer is a status word. */
  public enum Status {
    HIT,
    MISS,
    STORED,
    NOT_STORED,
    EXISTS,
    NOT_FOUND,
    DELETED,
    TOUCHED,
    OK,
    NUMBER
  }

  private static final Status[] STATUSES = Status.values();
  private static final int PENDING = 0, COMPLETING = 1, DONE = 2, ABANDONED = 3;
  private static final VarHandle STATE;
  private static final VarHandle WAITER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Request.class, "state", int.class);
      WAITER = lookup.findVarHandle(Request.class, "waiter", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // --- command: set by the caller before sending, read by the writer (the rest: in the subclass)
  public final Command command;

  /**
   * The key on the wire, one char per byte ({@link dev.memcache.core.internal.Keys}); null for a
   * command without one key (a multi-get has {@link #keys()}).
   */
  public final String key;

  public boolean noreply;

  // --- reply: written by the reader before completion
  /**
   * What the server answered ({@link #status()}): a status word's ordinal plus one, 0 for none. A
   * byte sits in the object's alignment gap beside the booleans, where a reference took 4 bytes.
   */
  private byte status;

  /** Opaque id for protocols that match replies by id. */
  public int opaque;

  /**
   * This request shares its end with later ones. Text gets merged into one line: later requests'
   * keys follow this request's, so its reply is the VALUE blocks of its own keys (or nothing), and
   * a later request reads the END. Binary and meta quiet writes: a later one carries the noop or
   * mn, so this one's reply is its failure or nothing. Set by the writer after linking: volatile
   * for the reader.
   */
  public volatile boolean moreKeysFollow;

  /**
   * How many keys this request's line holds up to and including its own (its own count when not
   * merged); a char (a line holds about 100) sits in an alignment gap. Written by the writer.
   */
  public char lineKeys = 1;

  // --- completion
  /**
   * The result of the reply, on the caller's thread; an {@link Outage} (which holds it) with the
   * MISS failure policy, so that policy's value costs a request without it no field.
   */
  private Function<Request<T>, T> mapper;

  private final long deadlineNanos;
  private volatile int state;

  /**
   * Who is told when it is done: null, the parked caller's {@link Thread}, the {@code onDone}
   * {@link Runnable}, or rarely both ({@link Waiters}). Whoever takes a listener out of this field
   * (atomically) runs it, so it runs once; see {@link #wake}.
   */
  private volatile Object waiter;

  private volatile RuntimeException failure;

  /** The connection it was sent on; set by the sender ({@link SendQueue}), for messages. */
  volatile Connection connection;

  /** When the request was written ({@code nanoTime}), 0 until then; set by the writer. */
  long sentNanos;

  /** Next in the in-flight list: linked by the writer at the tail, unlinked by the reader. */
  volatile Request<?> next;

  /**
   * The request queued before this one (the pending stack's link), until the writer takes it; then
   * the next one in the writer's batch. Before that, while the request waits for an in-flight slot,
   * the next one waiting ({@link InFlightSlots}).
   */
  Request<?> queued;

  /**
   * How many requests the pending stack held with this one on top (this one included); once written
   * (unless noreply), its number among the connection's requests in flight (see {@link
   * Connection#timedOut}).
   */
  int depth;

  /**
   * How long it waited for an in-flight slot, in milliseconds (at most 65,535), for a timeout's
   * message; set when it gets one. A char fills the object's alignment gap: it costs no byte.
   */
  char slotWaitMillis;

  /** A request with {@code mapper} turning the reply into the result on the caller's thread. */
  public Request(Command command, String key, long deadlineNanos, Function<Request<T>, T> mapper) {
    this.command = command;
    this.key = key;
    this.deadlineNanos = deadlineNanos;
    this.mapper = mapper;
  }

  /** What the server answered, as a status word; null until then (and for a quiet write). */
  public final Status status() {
    int s = status;
    return s == 0 ? null : STATUSES[s - 1];
  }

  /** Sets the status word the server answered (the reader, before completion). */
  public final void status(Status s) {
    status = (byte) (s.ordinal() + 1);
  }

  // --- what a command family tells the engine and the events, without a cast
  /** The keys on the wire of a multi-key command (see {@link #key}); null for every other. */
  public String[] keys() {
    return null;
  }

  /** Bytes of the value this request stores (0 for none): for the events' size on the wire. */
  public int valueLength() {
    return 0;
  }

  /** Chars of its text argument (a stats group, a verbosity level; 0 for none): for the same. */
  public int argumentLength() {
    return 0;
  }

  /** Bytes of the values its reply carried, once done: for the events. */
  public long bytesIn() {
    return 0;
  }

  /** Caps the expiry it sets at {@code seconds}: a fallback's copy must not outlive the outage. */
  public void capExpiry(int seconds) {}

  /** Whether the caller left (timed out, cancelled, interrupted): the reply is read and dropped. */
  public boolean isAbandoned() {
    return state == ABANDONED;
  }

  /** Publishes the reply fields and wakes the caller; false when the caller already left. */
  boolean complete() {
    if (!STATE.compareAndSet(this, PENDING, DONE)) return false;
    wake();
    return true;
  }

  /** Completes with a failure; false when already done or abandoned. */
  public boolean fail(RuntimeException e) {
    if (!STATE.compareAndSet(this, PENDING, COMPLETING)) return false;
    failure = e;
    state = DONE;
    wake();
    return true;
  }

  @Override
  public boolean cancel(RuntimeException reason) {
    if (!STATE.compareAndSet(this, PENDING, ABANDONED)) return false;
    failure = reason;
    wake(); // listeners learn of abandonment too; a late reply is dropped by the connection
    return true;
  }

  /**
   * Abandons the request as timed out (unless done); true when this call abandoned it. It tells its
   * connection nothing: the sweeper's pass looks for a hung server ({@link Connection#expire}).
   */
  @Override
  public boolean timeout() {
    // The exception is made by the caller, in result(): the sweeper may time out 100,000 requests
    // at once, and making each one's exception (a stack trace) would make the last ones late.
    if (!STATE.compareAndSet(this, PENDING, ABANDONED)) return false;
    wake();
    return true;
  }

  /**
   * After the state left {@code PENDING}: takes whoever waits out of {@link #waiter} and tells
   * them. A parker that registers later sees the state first; an {@code onDone} that registers
   * later runs its listener itself (both races are settled by the atomic take).
   */
  private void wake() {
    tell(WAITER.getAndSet(this, null));
  }

  /** Unparks the thread and runs the listener that {@code w} holds (either may be absent). */
  private static void tell(Object w) {
    if (w == null) return;
    if (w instanceof Thread t) {
      LockSupport.unpark(t);
    } else if (w instanceof Waiters both) {
      LockSupport.unpark(both.thread);
      both.listener.run();
    } else {
      ((Runnable) w).run();
    }
  }

  @Override
  public void onDone(Runnable l) {
    Object mine = register(null, l);
    // Done already: wake() has run or will; whichever of us takes the listener out runs it.
    if (isDone() && WAITER.compareAndSet(this, mine, null)) tell(mine);
  }

  /**
   * Puts {@code thread} or {@code listener} (the other is null) into {@link #waiter}, beside the
   * listener or thread already there (a CAS: a parker and an {@code onDone} may race); returns what
   * it put there.
   */
  private Object register(Thread thread, Runnable listener) {
    Object seen, mine;
    do {
      seen = waiter;
      Thread t = thread != null ? thread : parkedThread(seen);
      Runnable l = listener != null ? listener : listenerOf(seen);
      mine = t == null ? l : l == null ? t : new Waiters(t, l);
    } while (!WAITER.compareAndSet(this, seen, mine));
    return mine;
  }

  private static Thread parkedThread(Object w) {
    return w instanceof Thread t ? t : w instanceof Waiters both ? both.thread : null;
  }

  private static Runnable listenerOf(Object w) {
    return w instanceof Runnable l ? l : w instanceof Waiters both ? both.listener : null;
  }

  /** A parked caller and a listener on one request: rare, so it costs a request no field. */
  private record Waiters(Thread thread, Runnable listener) {}

  @Override
  public boolean isDone() {
    int s = state;
    return s == DONE || s == ABANDONED;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public T await() {
    join();
    RuntimeException f = failure(); // as result() does: the success path gains nothing
    if (f == null) return mapper.apply(this);
    if (state == DONE && !readsAsMiss(f)) failure = f = madeHere(f);
    return failed(f);
  }

  @Override
  public void adoptFailure() {
    if (state != DONE) return; // pending, or abandoned: a timeout is made on the asking thread
    RuntimeException f = failure;
    if (f != null && !readsAsMiss(f)) failure = madeHere(f);
  }

  /**
   * A copy of {@code f}, made on this thread, of the same type and message, with {@code f} as its
   * cause: the caller's frames on top, the origin kept. {@code f} itself for a type not copied
   * here, or when it is such a copy already. Only for failures that completed the request ({@link
   * #fail}), which are made by whoever failed it: usually a reader, the sweeper or a connector,
   * sometimes the caller itself (then the copy only repeats its frames); telling which would cost
   * every request a field.
   */
  private static RuntimeException madeHere(RuntimeException f) {
    String m = f.getMessage();
    Throwable c = f.getCause();
    if (c != null && c.getClass() == f.getClass() && java.util.Objects.equals(m, c.getMessage())) {
      return f; // adopted already
    }
    Class<?> type = f.getClass();
    if (type == MemcacheConnectionException.class) return new MemcacheConnectionException(m, f);
    if (type == MemcacheProtocolException.class) return new MemcacheProtocolException(m, f);
    if (type == MemcacheAuthenticationException.class)
      return new MemcacheAuthenticationException(m, f);
    if (type == MemcacheServerException.class) return new MemcacheServerException(m, f);
    if (type == MemcacheClientException.class) return new MemcacheClientException(m, f);
    if (type == MemcacheUnknownCommandException.class)
      return new MemcacheUnknownCommandException(m, f);
    if (type == MemcacheException.class) return new MemcacheException(m, f);
    if (type == MemcacheTimeoutException.class) {
      MemcacheTimeoutException t = (MemcacheTimeoutException) f;
      if (t.limit() == null) return new MemcacheTimeoutException(m, f);
      MemcacheTimeoutException copy =
          new MemcacheTimeoutException(
              m,
              t.limit(),
              t.server(),
              t.waitedForSlot(),
              t.waitedToBeWritten(),
              t.waitedForReply(),
              t.requestsAhead());
      copy.initCause(f);
      return copy;
    }
    return f;
  }

  @Override
  public void join() {
    if (state != DONE) park();
  }

  /**
   * Parks until done. Parking is untimed (a timed park costs a timer task per request): the
   * client's sweeper times out expired requests and wakes their callers. A lone caller spins for a
   * while first, when its connection lets it ({@link ConnectionReader#spinUntilDone}).
   */
  private void park() {
    Connection c = connection;
    if (c != null && c.spinUntilDone(this)) return;
    Object mine = register(Thread.currentThread(), null);
    int s;
    while ((s = state) == PENDING || s == COMPLETING) {
      if (s == PENDING && System.nanoTime() - deadlineNanos > 0) {
        if (timeout()) break; // the sweeper is late: time out here
      }
      LockSupport.park(this);
      if (Thread.interrupted()) {
        // Abandon unless the reply won the race; either way the flag is set again.
        cancel(new MemcacheInterruptedException(describe() + " interrupted while waiting"));
        Thread.currentThread().interrupt();
        if (state == ABANDONED) break;
      }
    }
    // Unregister unless wake() took it; a listener not yet run stays for wake() to run.
    if (waiter == mine) WAITER.compareAndSet(this, mine, listenerOf(mine));
  }

  /** The virtual thread parked (or parking) for this request's reply, or null (racy). */
  Thread virtualWaiter() {
    Object w = waiter;
    Thread t = w instanceof Thread thread ? thread : w instanceof Waiters both ? both.thread : null;
    return t != null && t.isVirtual() ? t : null;
  }

  /** The request written after this one on its connection, or null. */
  public Request<?> nextInFlight() {
    return next;
  }

  /** Whether the deadline has passed for a request still waiting (for the sweeper). */
  boolean expired(long now) {
    return state == PENDING && now - deadlineNanos > 0;
  }

  /** Makes an outage (connection failure or timeout) return {@code value} instead of throwing. */
  public void missOnOutage(T value) {
    mapper = new Outage<>(mapper instanceof Outage<T> o ? o.mapper : mapper, value);
  }

  /** The mapper with the MISS failure policy's outage value beside it. */
  private record Outage<T>(Function<Request<T>, T> mapper, T value)
      implements Function<Request<T>, T> {
    @Override
    public T apply(Request<T> r) {
      return mapper.apply(r);
    }
  }

  @Override
  public T result() {
    RuntimeException f = failure();
    if (f == null) return mapper.apply(this);
    return failed(f);
  }

  /** With the MISS failure policy, an outage's value; otherwise throws {@code f}. */
  private T failed(RuntimeException f) {
    if (readsAsMiss(f)) return ((Outage<T>) mapper).value;
    throw f;
  }

  private boolean readsAsMiss(RuntimeException f) {
    return mapper instanceof Outage
        && (f instanceof MemcacheConnectionException || f instanceof MemcacheTimeoutException);
  }

  /**
   * How the request failed once done: the failure it completed with, the reason it was abandoned,
   * or for a timeout a {@link MemcacheTimeoutException} made here, on the thread that asks (the
   * caller's, in {@link #result()}: the sweeper may time out 100,000 requests at once, and making
   * each one's exception, a stack trace, there would make the last ones late). Null when it
   * succeeded.
   */
  public RuntimeException failure() {
    int s = state;
    if (s != DONE && s != ABANDONED) throw new IllegalStateException(describe() + " is not done");
    RuntimeException f = failure;
    if (f == null && s == ABANDONED) {
      Connection c = connection;
      f = c != null ? c.timedOut(this) : new MemcacheTimeoutException(describe() + " timed out");
      failure = f; // one exception however often asked (a listener, then the caller)
    }
    return f;
  }

  /** {@code "get 'key' on 127.0.0.1:11211"}, for messages. */
  public String describe() {
    String k =
        key != null
            ? " " + dev.memcache.core.internal.Keys.showWire(key)
            : keys() != null ? " (" + keys().length + " keys)" : "";
    Connection c = connection; // where it was sent, if it was
    String on = c != null ? " on " + c.server() : "";
    return command.name().toLowerCase(java.util.Locale.ROOT) + k + on;
  }

  @Override
  public String toString() {
    return describe();
  }
}
