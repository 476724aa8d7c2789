package dev.memcache.core;

/**
 * The server answered {@code SERVER_ERROR} (for example, out of memory storing object). The
 * connection stays in service.
 */
public class MemcacheServerException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheServerException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
