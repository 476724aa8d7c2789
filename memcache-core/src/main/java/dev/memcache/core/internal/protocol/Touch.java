package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Expiry;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code touch}: a new expiration for an item. The reply is {@code TOUCHED} or {@code NOT_FOUND}.
 */
public final class Touch<T> extends Request<T> {
  /** The new expiration, as sent; routing to a fallback server may cut it ({@link #capExpiry}). */
  public int exptime;

  /**
   * @param key the key on the wire
   * @param exptime the new expiration, as sent
   * @param noreply whether the server is asked not to answer
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Touch(
      String key,
      int exptime,
      boolean noreply,
      long deadlineNanos,
      Function<? super Touch<T>, T> mapper) {
    super(Command.TOUCH, key, deadlineNanos, Mappers.typed(mapper));
    this.exptime = exptime;
    this.noreply = noreply;
  }

  @Override
  public void capExpiry(int seconds) {
    exptime = Expiry.cap(exptime, seconds);
  }
}
