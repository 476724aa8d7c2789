package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Expiry;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code incr}, {@code decr}: a counter moved by {@link #delta}; binary and meta can create a
 * missing one holding {@link #initial}. The reply is the new value, or a status word ({@code
 * NOT_FOUND}; meta also {@code NOT_STORED}, {@code EXISTS}).
 */
public final class Counter<T> extends Request<T> {
  /** The amount, unsigned 64-bit on the server. */
  public final long delta;

  /**
   * Binary, meta: create a missing counter holding {@link #initial}, expiring per {@link #exptime}.
   */
  public final boolean create;

  /** The value of a counter created ({@link #create}). */
  public final long initial;

  /**
   * The expiration of a counter created, as sent; routing to a fallback server may cut it ({@link
   * #capExpiry}).
   */
  public int exptime;

  // reply: written by the reader before completion
  private long value;

  /**
   * @param command {@code INCR} or {@code DECR}
   * @param key the key on the wire
   * @param delta see {@link #delta}
   * @param create see {@link #create}
   * @param initial see {@link #initial}
   * @param exptime see {@link #exptime}
   * @param noreply whether the server is asked not to answer
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Counter(
      Command command,
      String key,
      long delta,
      boolean create,
      long initial,
      int exptime,
      boolean noreply,
      long deadlineNanos,
      Function<? super Counter<T>, T> mapper) {
    super(command, key, deadlineNanos, Mappers.typed(mapper));
    this.delta = delta;
    this.create = create;
    this.initial = initial;
    this.exptime = exptime;
    this.noreply = noreply;
  }

  /** The reader read the counter's new value (unsigned 64-bit). */
  public void counted(long value) {
    this.value = value;
    status(Status.NUMBER);
  }

  /** Whether the reply held the counter's value. */
  public boolean counted() {
    return status() == Status.NUMBER;
  }

  /** The counter's new value, once {@link #counted()}. */
  public long value() {
    return value;
  }

  @Override
  public void capExpiry(int seconds) {
    if (create) exptime = Expiry.cap(exptime, seconds);
  }
}
