package dev.memcache.core;

/**
 * The server answered that it does not know or does not support the command: {@code ERROR} in the
 * text and meta protocols, status {@code 0x81} (unknown command) or {@code 0x83} (not supported) in
 * the binary protocol; a proxy that lacks a command answers so too. The reply was read whole: the
 * connection stays in service and the other requests on it are unaffected.
 */
public class MemcacheUnknownCommandException extends MemcacheException {
  /**
   * An unknown-command error.
   *
   * @param message what was asked and what the server answered, naming the server
   */
  public MemcacheUnknownCommandException(String message) {
    super(message);
  }

  /**
   * An unknown-command error with a cause.
   *
   * @param message what was asked and what the server answered, naming the server
   * @param cause the underlying failure
   */
  public MemcacheUnknownCommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
