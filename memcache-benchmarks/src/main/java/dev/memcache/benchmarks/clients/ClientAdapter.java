package dev.memcache.benchmarks.clients;

import java.util.List;
import java.util.Map;

/**
 * The few operations the load benchmark drives, over byte values with flags 0, so every client
 * reads what any other wrote. Methods block the calling (virtual) thread; implementations must be
 * thread-safe unless their {@link ClientSpec} allows only one caller.
 */
public interface ClientAdapter extends AutoCloseable {
  /** The value of {@code key}, or {@code null} on a miss. */
  byte[] get(String key) throws Exception;

  /** Stores {@code value} without expiry; {@code true} when stored. */
  boolean set(String key, byte[] value) throws Exception;

  /**
   * Stores {@code value} without waiting for the server's answer ({@code noreply}, or the client's
   * fire-and-forget equivalent); returns once the client has taken it.
   *
   * @throws UnsupportedOperationException when the client has no such write ({@link
   *     ClientSpec#hasNoReply})
   */
  default void setNoReply(String key, byte[] value) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no noreply set");
  }

  /** The values found for {@code keys} (values are {@code byte[]}; misses absent). */
  Map<String, ?> getMulti(List<String> keys) throws Exception;

  @Override
  void close() throws Exception;
}
