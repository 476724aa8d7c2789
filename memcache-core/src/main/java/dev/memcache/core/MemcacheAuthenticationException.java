package dev.memcache.core;

/**
 * The server refused the client's credentials (SASL), or requires credentials the client was not
 * given. Retrying with the same settings fails the same way.
 */
public class MemcacheAuthenticationException extends MemcacheConnectionException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheAuthenticationException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
