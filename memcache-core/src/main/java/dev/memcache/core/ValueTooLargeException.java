package dev.memcache.core;

/** A value larger than the configured item size limit; thrown before anything is sent. */
public class ValueTooLargeException extends IllegalArgumentException {
  public ValueTooLargeException(String message) {
    super(message);
  }
}
