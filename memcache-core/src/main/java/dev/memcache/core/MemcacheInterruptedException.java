package dev.memcache.core;

/**
 * The calling thread was interrupted while waiting. Its request was abandoned; the interrupt flag
 * is set again.
 */
public class MemcacheInterruptedException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheInterruptedException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
