package dev.memcache.core;

/**
 * The server answered {@code ERROR} or something that is not the protocol. For a malformed reply
 * the connection is closed and re-opened; every request in flight on it fails.
 */
public class MemcacheProtocolException extends MemcacheException {
  public MemcacheProtocolException(String message) {
    super(message);
  }

  public MemcacheProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
