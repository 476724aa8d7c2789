package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.Map;
import java.util.function.Function;

/** {@code stats [group]}: one server's statistics, name to value. */
public final class Stats<T> extends Request<T> {
  /** The group ({@code items}, {@code slabs}...), or null for the general statistics. */
  public final String group;

  // reply: written by the reader before completion
  private StatsReply entries;

  /**
   * @param group see {@link #group}
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Stats(String group, long deadlineNanos, Function<? super Stats<T>, T> mapper) {
    super(Command.STATS, null, deadlineNanos, Mappers.typed(mapper));
    this.group = group;
  }

  /** The reply being read, made on first use; for the reader. */
  public StatsReply reading() {
    if (entries == null) entries = new StatsReply();
    return entries;
  }

  /** The statistics read; null when the reply held none. */
  public Map<String, String> entries() {
    return entries;
  }

  @Override
  public int argumentLength() {
    return group != null ? group.length() : 0;
  }
}
