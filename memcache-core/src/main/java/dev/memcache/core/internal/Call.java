package dev.memcache.core.internal;

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

  /** The deadline ({@link System#nanoTime()} scale) after which the call times out. */
  public abstract long deadlineNanos();
}
