package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/**
 * {@code get}: one key's value. The reply is a miss, or a hit with the value's bytes and its flags.
 * {@link Gets} keeps the cas id too, {@link GetAndTouch} and {@link MetaGet} send more: a plain get
 * carries none of their fields.
 */
public class Get<T> extends Request<T> {
  // reply: written by the reader before completion
  private int flags;
  private byte[] value;

  /**
   * A get whose key on the wire is the caller's own (no prefix, ASCII), see {@link #of}; or, from
   * {@link Keyed}, any get.
   *
   * @param command {@code GET}, or a {@link Keyed} subclass's command
   * @param key the key on the wire (as the caller gave it, unless {@link Keyed})
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  private Get(Command command, String key, long deadlineNanos, Function<? super Get<T>, T> mapper) {
    super(command, key, deadlineNanos, Mappers.typed(mapper));
  }

  /**
   * A plain {@code get}; it holds {@code userKey} only when it differs from the key on the wire:
   * the commonest request then weighs 88 bytes, not 96 (a test, {@code RequestSizeTest}, keeps it
   * so).
   *
   * @param key the key on the wire
   * @param userKey the key as the caller gave it
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public static <T> Get<T> of(
      String key, String userKey, long deadlineNanos, Function<? super Get<T>, T> mapper) {
    return key.equals(userKey)
        ? new Get<>(Command.GET, key, deadlineNanos, mapper)
        : new Keyed<>(Command.GET, key, userKey, deadlineNanos, mapper);
  }

  /** The key as the caller gave it (without prefix), for the value codec. */
  public String userKey() {
    return key;
  }

  /**
   * A get that holds the caller's key beside the one on the wire: a plain get whose wire key
   * differs, and every other kind of get.
   */
  public static class Keyed<T> extends Get<T> {
    private final String userKey;

    /**
     * @param command {@code GET} or a subclass's command
     * @param key the key on the wire
     * @param userKey the key as the caller gave it
     * @param deadlineNanos when it times out ({@code nanoTime} scale)
     * @param mapper the result of the reply, on the caller's thread
     */
    protected Keyed(
        Command command,
        String key,
        String userKey,
        long deadlineNanos,
        Function<? super Get<T>, T> mapper) {
      super(command, key, deadlineNanos, mapper);
      this.userKey = userKey;
    }

    @Override
    public String userKey() {
      return userKey;
    }
  }

  /** The reader found the value, with its cas id (0 when not sent; kept by {@link Gets}). */
  public void hit(int flags, byte[] value, long cas) {
    this.flags = flags;
    this.value = value;
    status(Status.HIT);
  }

  /** Whether the reply held the value. */
  public boolean isHit() {
    return status() == Status.HIT;
  }

  /** The value's flags (on a hit). */
  public int flags() {
    return flags;
  }

  /** The value's bytes (on a hit), null otherwise. */
  public byte[] value() {
    return value;
  }

  @Override
  public long bytesIn() {
    return value != null ? value.length : 0;
  }
}
