package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Expiry;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code set}, {@code add}, {@code replace}, {@code append}, {@code prepend}, {@code cas}: a value
 * stored under a key. The reply is the status word ({@code STORED}, {@code NOT_STORED}, {@code
 * EXISTS}, {@code NOT_FOUND}).
 */
public final class Store<T> extends Request<T> {
  /** The encoded value. */
  public final byte[] value;

  /** The value's flags. */
  public final int flags;

  /**
   * The item's expiration, as sent (unused by append and prepend); routing to a fallback server may
   * cut it ({@link #capExpiry}).
   */
  public int exptime;

  /** {@code cas}: the cas id the item must still have; 0 for the others. */
  public final long cas;

  /**
   * @param command {@code SET}, {@code ADD}, {@code REPLACE}, {@code APPEND}, {@code PREPEND} or
   *     {@code CAS}
   * @param key the key on the wire
   * @param value the encoded value
   * @param flags the value's flags
   * @param exptime the expiration, as sent
   * @param cas the cas id for {@code CAS}, else 0
   * @param noreply whether the server is asked not to answer
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Store(
      Command command,
      String key,
      byte[] value,
      int flags,
      int exptime,
      long cas,
      boolean noreply,
      long deadlineNanos,
      Function<? super Store<T>, T> mapper) {
    super(command, key, deadlineNanos, Mappers.typed(mapper));
    this.value = value;
    this.flags = flags;
    this.exptime = exptime;
    this.cas = cas;
    this.noreply = noreply;
  }

  @Override
  public int valueLength() {
    return value.length;
  }

  @Override
  public void capExpiry(int seconds) {
    if (command != Command.APPEND && command != Command.PREPEND)
      exptime = Expiry.cap(exptime, seconds);
  }
}
