package dev.memcache.core;

/**
 * Base of every failure the client reports. Outcomes such as a miss or a failed {@code add} are
 * values, not exceptions; an exception means the operation did not complete as asked. Messages name
 * the server and the operation.
 *
 * <p>A blocking call throws an exception made on the caller's thread, so its stack trace holds the
 * caller's frames: a failure found by another thread (a connection's reader, a connector, the
 * client's sweeper) is thrown as a copy of the same type and message whose cause is the original,
 * and the client's listener hears that same copy. Futures and coroutines get the original.
 */
public class MemcacheException extends RuntimeException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
