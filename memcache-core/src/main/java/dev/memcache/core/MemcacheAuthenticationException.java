package dev.memcache.core;

/**
 * The server refused the client's credentials (SASL), or requires credentials the client was not
 * given. Retrying with the same settings fails the same way.
 */
public class MemcacheAuthenticationException extends MemcacheConnectionException {
  public MemcacheAuthenticationException(String message) {
    super(message);
  }

  public MemcacheAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
