package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Expiry;
import java.util.function.Function;

/**
 * {@code mg key v f c N<vivify> [R<recache>]}: a get for stale-while-revalidate (meta only). A
 * missing key is created empty for {@link #vivify} seconds; besides the value, the reply says
 * whether this caller won the right to recompute it, whether it is stale, and whether some caller
 * won already.
 */
public final class MetaGet<T> extends Gets<T> {
  /** Reply flags: {@code W}, this caller won the recompute. */
  public static final int WIN = 1;

  /** Reply flags: {@code X}, the item is stale (invalidated). */
  public static final int STALE = 2;

  /** Reply flags: {@code Z}, a winner was chosen already (maybe this caller). */
  public static final int WINNER_CHOSEN = 4;

  /**
   * How long a placeholder for a missing key lives ({@code N}, exptime as sent); routing to a
   * fallback server may cut it ({@link #capExpiry}).
   */
  public int vivify;

  /** Win the recompute when fewer seconds than this are left ({@code R}); 0 for never. */
  public final int recache;

  private int bits;

  /**
   * @param key the key on the wire
   * @param userKey the key as the caller gave it
   * @param vivify see {@link #vivify}
   * @param recache see {@link #recache}
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public MetaGet(
      String key,
      String userKey,
      int vivify,
      int recache,
      long deadlineNanos,
      Function<? super MetaGet<T>, T> mapper) {
    super(Command.META_GET, key, userKey, deadlineNanos, Mappers.typed(mapper));
    this.vivify = vivify;
    this.recache = recache;
  }

  /** The reader saw these of {@link #WIN}, {@link #STALE}, {@link #WINNER_CHOSEN}. */
  public void bits(int bits) {
    this.bits = bits;
  }

  /** Whether this caller won the right to recompute the value. */
  public boolean won() {
    return (bits & WIN) != 0;
  }

  /** Whether the value is stale. */
  public boolean stale() {
    return (bits & STALE) != 0;
  }

  /** Whether some caller (maybe this one) won the recompute already. */
  public boolean winnerChosen() {
    return (bits & WINNER_CHOSEN) != 0;
  }

  @Override
  public void capExpiry(int seconds) {
    vivify = Expiry.cap(vivify, seconds);
  }
}
