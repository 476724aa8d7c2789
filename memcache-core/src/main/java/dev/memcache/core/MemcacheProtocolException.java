package dev.memcache.core;

/**
 * The byte stream from the server is out of step with the requests: a reply that is not the
 * protocol, that answers another request, or that declares more than the client accepts (a value
 * over {@link ClientConfig#maxValueSize()}, a line or a stats reply over its documented cap). The
 * connection is closed before anything more is read or allocated, every request in flight on it
 * fails with this exception, and the next request opens a new connection.
 *
 * <p>An error the server reports in step (it does not know the command, {@code SERVER_ERROR},
 * {@code CLIENT_ERROR}) is another exception ({@link MemcacheUnknownCommandException}, {@link
 * MemcacheServerException}, {@link MemcacheClientException}) and keeps the connection.
 */
public class MemcacheProtocolException extends MemcacheException {
  /**
   * A protocol error.
   *
   * @param message what was wrong with the stream, naming the server when known
   */
  public MemcacheProtocolException(String message) {
    super(message);
  }

  /**
   * A protocol error with a cause.
   *
   * @param message what was wrong with the stream, naming the server when known
   * @param cause the underlying failure
   */
  public MemcacheProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
