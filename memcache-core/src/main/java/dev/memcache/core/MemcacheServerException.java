package dev.memcache.core;

/**
 * The server answered {@code SERVER_ERROR} (for example, out of memory storing object). The
 * connection stays in service.
 */
public class MemcacheServerException extends MemcacheException {
  public MemcacheServerException(String message) {
    super(message);
  }

  public MemcacheServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
