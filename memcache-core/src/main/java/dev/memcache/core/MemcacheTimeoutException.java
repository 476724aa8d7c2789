package dev.memcache.core;

/**
 * No reply came within the operation timeout. The request was abandoned: its late reply is read and
 * dropped, and the connection stays in sync.
 */
public class MemcacheTimeoutException extends MemcacheException {
  public MemcacheTimeoutException(String message) {
    super(message);
  }

  public MemcacheTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
