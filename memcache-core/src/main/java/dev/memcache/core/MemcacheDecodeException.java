package dev.memcache.core;

/**
 * A stored value could not be turned back into an object (unknown flags, corrupt payload). The
 * connection is unaffected.
 */
public class MemcacheDecodeException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheDecodeException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
