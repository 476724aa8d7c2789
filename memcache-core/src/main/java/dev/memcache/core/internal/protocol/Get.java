package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code get}, {@code gets}: one key's value ({@link GetAndTouch} and {@link MetaGet} send more).
 * The reply is a miss, or a hit with the value's bytes, its flags and its cas id (0 unless asked
 * for).
 */
public class Get<T> extends Request<T> {
  /** The key as the caller gave it (without prefix), for the value codec's messages. */
  public final String userKey;

  // reply: written by the reader before completion
  private int flags;
  private byte[] value;
  private long cas;

  /**
   * @param command {@code GET} or {@code GETS} (or a subclass's)
   * @param key the key on the wire
   * @param userKey the key as the caller gave it
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Get(
      Command command,
      byte[] key,
      String userKey,
      long deadlineNanos,
      Function<? super Get<T>, T> mapper) {
    super(command, key, null, deadlineNanos, Mappers.typed(mapper));
    this.userKey = userKey;
  }

  /** The reader found the value. */
  public void hit(int flags, byte[] value, long cas) {
    this.flags = flags;
    this.value = value;
    this.cas = cas;
    status = Status.HIT;
  }

  /** Whether the reply held the value. */
  public boolean isHit() {
    return status == Status.HIT;
  }

  /** The value's flags (on a hit). */
  public int flags() {
    return flags;
  }

  /** The value's bytes (on a hit), null otherwise. */
  public byte[] value() {
    return value;
  }

  /** The value's cas id (on a hit, when asked for), 0 otherwise. */
  public long cas() {
    return cas;
  }

  @Override
  public long bytesIn() {
    return value != null ? value.length : 0;
  }
}
