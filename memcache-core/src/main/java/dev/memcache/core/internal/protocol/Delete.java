package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code delete}, and meta's {@code md ... I T} ({@code INVALIDATE}: the item is marked stale
 * instead). The reply is the status word ({@code DELETED}, {@code NOT_FOUND}, {@code EXISTS}).
 */
public final class Delete<T> extends Request<T> {
  /** Meta: delete only while the item's cas id is this ({@code C}); 0 for any. */
  public final long cas;

  /** {@code INVALIDATE}: how long the stale item lives ({@code T}, exptime as sent). */
  public final int staleTtl;

  /**
   * @param command {@code DELETE} or {@code INVALIDATE}
   * @param key the key on the wire
   * @param cas see {@link #cas}
   * @param staleTtl see {@link #staleTtl}
   * @param noreply whether the server is asked not to answer
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Delete(
      Command command,
      String key,
      long cas,
      int staleTtl,
      boolean noreply,
      long deadlineNanos,
      Function<? super Delete<T>, T> mapper) {
    super(command, key, deadlineNanos, Mappers.typed(mapper));
    this.cas = cas;
    this.staleTtl = staleTtl;
    this.noreply = noreply;
  }
}
