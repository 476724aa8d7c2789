package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/** {@code verbosity <level>}: how much one server logs. */
public final class Verbosity<T> extends Request<T> {
  /** The level, not negative. */
  public final int level;

  /**
   * @param level see {@link #level}
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Verbosity(int level, long deadlineNanos, Function<? super Verbosity<T>, T> mapper) {
    super(Command.VERBOSITY, null, deadlineNanos, Mappers.typed(mapper));
    this.level = level;
  }

  @Override
  public int argumentLength() {
    return Integer.toString(level).length();
  }
}
