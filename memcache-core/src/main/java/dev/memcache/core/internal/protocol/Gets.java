package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import java.util.function.Function;

/** {@code gets}: one key's value with its cas id, for a later {@code cas}. */
public class Gets<T> extends Get.Keyed<T> {
  // reply: written by the reader before completion
  private long cas;

  /**
   * @param command {@code GETS} (or a subclass's command)
   * @param key the key on the wire
   * @param userKey the key as the caller gave it
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Gets(
      Command command,
      String key,
      String userKey,
      long deadlineNanos,
      Function<? super Gets<T>, T> mapper) {
    super(command, key, userKey, deadlineNanos, Mappers.typed(mapper));
  }

  @Override
  public void hit(int flags, byte[] value, long cas) {
    super.hit(flags, value, cas);
    this.cas = cas;
  }

  /** The value's cas id (on a hit, when the server sent it), 0 otherwise. */
  public long cas() {
    return cas;
  }
}
