package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/** {@code flush_all [delay]}: every item of one server invalidated, now or after a delay. */
public final class Flush<T> extends Request<T> {
  /** When the flush takes effect, as an exptime (0: now). */
  public final int delay;

  /**
   * @param delay see {@link #delay}
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Flush(int delay, long deadlineNanos, Function<? super Flush<T>, T> mapper) {
    super(Command.FLUSH_ALL, null, deadlineNanos, Mappers.typed(mapper));
    this.delay = delay;
  }
}
