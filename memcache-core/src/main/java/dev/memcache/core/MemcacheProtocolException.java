package dev.memcache.core;

/**
 * The server answered {@code ERROR} or something that is not the protocol. For a malformed reply
 * the connection is closed and re-opened; every request in flight on it fails.
 */
public class MemcacheProtocolException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheProtocolException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
