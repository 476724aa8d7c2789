package dev.memcache.core;

/**
 * The calling thread was interrupted while waiting. Its request was abandoned; the interrupt flag
 * is set again.
 */
public class MemcacheInterruptedException extends MemcacheException {
  public MemcacheInterruptedException(String message) {
    super(message);
  }

  public MemcacheInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
