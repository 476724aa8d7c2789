package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Expiry;
import java.util.function.Function;

/**
 * {@code gat}, {@code gats}: one key's value (with its cas id for {@code gats}), and a new
 * expiration for the item.
 */
public final class GetAndTouch<T> extends Gets<T> {
  /**
   * The item's new expiration, as sent (see {@code Expiry}); routing to a fallback server may cut
   * it ({@link #capExpiry}).
   */
  public int exptime;

  /**
   * @param command {@code GAT} or {@code GATS}
   * @param key the key on the wire
   * @param userKey the key as the caller gave it
   * @param exptime the new expiration, as sent
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public GetAndTouch(
      Command command,
      String key,
      String userKey,
      int exptime,
      long deadlineNanos,
      Function<? super GetAndTouch<T>, T> mapper) {
    super(command, key, userKey, deadlineNanos, Mappers.typed(mapper));
    this.exptime = exptime;
  }

  @Override
  public void capExpiry(int seconds) {
    exptime = Expiry.cap(exptime, seconds);
  }
}
