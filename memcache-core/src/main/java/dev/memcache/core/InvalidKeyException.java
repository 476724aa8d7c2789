package dev.memcache.core;

/**
 * A key the server would misread: empty, longer than 250 bytes in UTF-8, or holding whitespace or
 * control characters. Thrown before anything is sent, which also blocks command injection such as
 * {@code "foo\r\nflush_all"}.
 */
public class InvalidKeyException extends IllegalArgumentException {
  /**
   * An exception with {@code message}.
   *
   * @param message which key and why it is refused
   */
  public InvalidKeyException(String message) {
    super(message);
  }
}
