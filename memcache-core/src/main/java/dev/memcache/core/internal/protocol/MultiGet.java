package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * A get of many keys on one server ({@code get k1 k2 ...}, or a quiet get per key). The reply is an
 * {@link Item} per key position that hit.
 */
public final class MultiGet<T> extends Request<T> {
  /** The keys on the wire ({@link Request#key}'s form), in the order sent. */
  private final String[] keys;

  /** The keys as the caller gave them, position by position with {@link #keys()}. */
  public final String[] names;

  // reply: written by the reader before completion; null until a key hits
  private Item[] items;

  /**
   * @param command {@code MULTI_GET} or {@code MULTI_GETS}
   * @param keys the keys on the wire
   * @param names the keys as the caller gave them, in the same order
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public MultiGet(
      Command command,
      String[] keys,
      String[] names,
      long deadlineNanos,
      Function<? super MultiGet<T>, T> mapper) {
    super(command, null, deadlineNanos, Mappers.typed(mapper));
    this.keys = keys;
    this.names = names;
  }

  @Override
  public String[] keys() {
    return keys;
  }

  /** The reader found the value of the key at {@code index}. */
  public void hit(int index, int flags, byte[] value, long cas) {
    if (items == null) items = new Item[keys.length];
    items[index] = new Item(flags, value, cas);
    status(Status.HIT);
  }

  /** Whether the key at {@code index} has its value already. */
  public boolean answered(int index) {
    return items != null && items[index] != null;
  }

  /** The reply is over: a miss unless some key hit. */
  public void end() {
    if (status() == null) status(Status.MISS);
  }

  /** The values found, by key position (null where a key missed); null when none hit. */
  public Item[] items() {
    return items;
  }

  @Override
  public long bytesIn() {
    long n = 0;
    if (items != null) for (Item i : items) if (i != null) n += i.bytes().length;
    return n;
  }
}
