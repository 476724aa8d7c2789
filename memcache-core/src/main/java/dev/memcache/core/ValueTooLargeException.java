package dev.memcache.core;

/** A value larger than the configured item size limit; thrown before anything is sent. */
public class ValueTooLargeException extends IllegalArgumentException {
  /**
   * An exception with {@code message}.
   *
   * @param message the key, the value's size and the limit
   */
  public ValueTooLargeException(String message) {
    super(message);
  }
}
