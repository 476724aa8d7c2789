package dev.memcache.core;

/**
 * The server answered {@code CLIENT_ERROR}: it refused the request as malformed (for example, incr
 * on a non-numeric value). The connection stays in service.
 */
public class MemcacheClientException extends MemcacheException {
  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheClientException(String message) {
    super(message);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
