package dev.memcache.core;

/**
 * Base of every failure the client reports. Outcomes such as a miss or a failed {@code add} are
 * values, not exceptions; an exception means the operation did not complete as asked. Messages name
 * the server and the operation.
 */
public class MemcacheException extends RuntimeException {
  public MemcacheException(String message) {
    super(message);
  }

  public MemcacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
