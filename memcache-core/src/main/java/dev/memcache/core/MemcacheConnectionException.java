package dev.memcache.core;

/**
 * The server could not be reached, the connection broke, or the server is marked down. The request
 * may or may not have been applied.
 */
public class MemcacheConnectionException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheConnectionException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
