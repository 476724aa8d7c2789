package dev.memcache.core;

/**
 * No reply came within the operation timeout. The request was abandoned: its late reply is read and
 * dropped, and the connection stays in sync.
 */
public class MemcacheTimeoutException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheTimeoutException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
