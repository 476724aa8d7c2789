package dev.memcache.core.internal;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.Counter;
import dev.memcache.core.internal.protocol.Store;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A counter with an initial value on the text protocol, which has no such command: {@code incr};
 * when NOT_FOUND, {@code add} the initial value; when that add finds the key (another caller
 * created it meanwhile), {@code incr} again. Each step is atomic on the server, so racing callers
 * never double-initialise: exactly one add wins, and every other caller's delta lands on what it
 * stored. The result is binary memcached's: the new value, or {@code initial} for the caller that
 * created the counter.
 *
 * <p>The steps share one deadline. With {@link #await} they run on the caller's thread; with {@link
 * #onDone} the first reply is handled where it arrives, and only a missing counter's next step is
 * sent from a fresh virtual thread (sending may write, and a reader must never write).
 */
final class TextCounter extends Call<Long> {
  /** A step's outcome: the status word, and the counter for NUMBER. */
  record Step(Status status, long number) {}

  /** The outcome of an incr/decr step. */
  static final Function<Counter<Step>, Step> COUNTED = r -> new Step(r.status(), r.value());

  /** The outcome of an add step. */
  static final Function<Store<Step>, Step> ADDED = r -> new Step(r.status(), 0);

  /** Creations tried before giving up on a counter deleted as fast as it is created. */
  private static final int MAX_ROUNDS = 4;

  private final Command command;
  private final long initial;
  private final LongFunction<Request<Step>> incr;
  private final LongFunction<Request<Step>> add;
  private final Consumer<Request<Step>> sender;
  private final long deadline;
  private volatile Request<Step> step;
  private int rounds;
  private volatile boolean done;
  private volatile RuntimeException abandonedFor;
  private Long value;
  private RuntimeException failure;
  private Runnable listener;

  /**
   * @param incr builds the incr/decr step for a deadline (not sent)
   * @param add builds the add step storing {@code initial} for a deadline (not sent)
   * @param send sends a step
   */
  TextCounter(
      Command command,
      long initial,
      long deadline,
      LongFunction<Request<Step>> incr,
      LongFunction<Request<Step>> add,
      Consumer<Request<Step>> send) {
    this.command = command;
    this.initial = initial;
    this.deadline = deadline;
    this.incr = incr;
    this.add = add;
    this.sender = send;
    Request<Step> first = incr.apply(deadline); // validates the key: throws before sending
    step = first;
    send.accept(first);
  }

  /**
   * The step after {@code s} (not sent), or null once the counter's value is known (then {@link
   * #done} is set). Runs no I/O, so a reader may call it.
   */
  private Request<Step> next(Request<Step> s) {
    try {
      return nextStep(s);
    } catch (RuntimeException e) { // the step's failure, or the client closed meanwhile
      return finish(null, e);
    }
  }

  private Request<Step> nextStep(Request<Step> s) {
    Step outcome = s.result();
    if (outcome == null) return finish(initial, null); // MISS: an outage reads as absent
    if (s.command == Command.ADD) {
      // NOT_STORED: another caller created it between our incr and our add; count on top of it.
      return outcome.status() == Status.STORED ? finish(initial, null) : incr.apply(deadline);
    }
    if (outcome.status() == Status.NUMBER) return finish(outcome.number(), null);
    if (++rounds > MAX_ROUNDS) {
      return finish(
          null,
          new MemcacheException(
              s.describe()
                  + ": the counter was deleted "
                  + MAX_ROUNDS
                  + " times between creating and counting it"));
    }
    return add.apply(deadline);
  }

  private Request<Step> finish(Long v, RuntimeException f) {
    value = v;
    failure = f;
    done = true;
    return null;
  }

  /** Sends {@code s} unless the caller left meanwhile (then the call ends with that). */
  private boolean sendNext(Request<Step> s) {
    step = s;
    RuntimeException left = abandonedFor;
    if (left != null) {
      finish(null, left);
      return false;
    }
    sender.accept(s);
    return true;
  }

  @Override
  public Long await() {
    join();
    return result();
  }

  @Override
  public void join() {
    while (!done) {
      Request<Step> s = step;
      s.join();
      s.adoptFailure(); // join() runs on the blocking caller's thread only
      Request<Step> n = next(s);
      if (n != null) sendNext(n);
    }
  }

  @Override
  public void onDone(Runnable l) {
    listener = l;
    watch(step);
  }

  private void watch(Request<Step> s) {
    s.onDone(
        () -> {
          Request<Step> n = next(s);
          if (n == null) {
            listener.run();
            return;
          }
          Thread.ofVirtual()
              .name("memcache-counter")
              .start(
                  () -> {
                    if (sendNext(n)) watch(n);
                    else listener.run();
                  });
        });
  }

  @Override
  public boolean timeout() {
    return step.timeout();
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public Long result() {
    if (!done) throw new IllegalStateException(command + " with an initial value is not done");
    if (failure != null) throw failure;
    return value;
  }

  @Override
  public boolean cancel(RuntimeException reason) {
    abandonedFor = reason;
    return step.cancel(reason);
  }

  @Override
  public long deadlineNanos() {
    return deadline;
  }
}
