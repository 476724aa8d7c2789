package dev.memcache.core;

/**
 * The server could not be reached, the connection broke, or the server is marked down. The request
 * may or may not have been applied.
 */
public class MemcacheConnectionException extends MemcacheException {
  public MemcacheConnectionException(String message) {
    super(message);
  }

  public MemcacheConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
