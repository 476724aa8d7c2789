package dev.memcache.core;

/**
 * A stored value could not be turned back into an object (unknown flags, corrupt payload). The
 * connection is unaffected.
 */
public class MemcacheDecodeException extends MemcacheException {
  public MemcacheDecodeException(String message) {
    super(message);
  }

  public MemcacheDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
