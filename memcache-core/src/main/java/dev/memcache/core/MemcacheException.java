package dev.memcache.core;

/**
 * Base of every failure the client reports. Outcomes such as a miss or a failed {@code add} are
 * values, not exceptions; an exception means the operation did not complete as asked. Messages name
 * the server and the operation.
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
