package dev.memcache.core;

/**
 * The server answered {@code CLIENT_ERROR}: it refused the request as malformed (for example, incr
 * on a non-numeric value). The connection stays in service.
 */
public class MemcacheClientException extends MemcacheException {
  public MemcacheClientException(String message) {
    super(message);
  }

  public MemcacheClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
