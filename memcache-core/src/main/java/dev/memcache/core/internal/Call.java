package dev.memcache.core.internal;

import java.util.function.Function;

/**
 * One operation in progress, as every facade sees it: the blocking client parks in {@link #await},
 * the future and coroutine clients register {@link #onDone} and read {@link #result()} on their own
 * thread. A call completes exactly once: with its reply, with a failure, or abandoned by its caller
 * (timeout, cancellation, interrupt), after which a late reply is dropped.
 */
public abstract class Call<T> {

  /** Parks the calling thread until done or timed out, then returns {@link #result()}. */
  public abstract T await();

  /**
   * Runs {@code listener} once when the call is done or abandoned (at once if it is). It may run on
   * a connection's reader thread: it must only hand off, never block or run user code. One listener
   * per call.
   */
  public abstract void onDone(Runnable listener);

  /** Parks the calling thread until done or timed out, without reading the outcome. */
  public abstract void join();

  /** Abandons the call as timed out unless done; true when this call abandoned it. */
  public abstract boolean timeout();

  /** Whether the call has completed, failed or been abandoned. */
  public abstract boolean isDone();

  /** The outcome once done: the mapped reply, or the failure thrown. Runs the value codec. */
  public abstract T result();

  /** Abandons the call unless already done; true when this call abandoned it. */
  public abstract boolean cancel(RuntimeException reason);

  /**
   * Tells the client's listener how the call ended, unless told already: {@link #result()} does it
   * too, so this is for a caller that leaves without reading the result (a cancelled coroutine).
   * Does nothing without a listener. Only once the call is done.
   */
  public void report() {}

  /**
   * For a blocking caller, once {@link #join} returned on its thread: a failure made on another
   * thread (a connection's reader, the sweeper, a connector) is replaced by a copy made here, of
   * the same type and message with the original as its cause, so that the exception thrown holds
   * the caller's own stack frames. Does nothing on success, and nothing by default. Never called by
   * the futures and coroutine facades.
   */
  public void adoptFailure() {}

  /** The deadline ({@link System#nanoTime()} scale) after which the call times out. */
  public abstract long deadlineNanos();

  /** This call with its outcome passed through {@code map}, which runs where the result is read. */
  public final <R> Call<R> map(Function<? super T, ? extends R> map) {
    return new MappedCall<>(this, map);
  }
}
