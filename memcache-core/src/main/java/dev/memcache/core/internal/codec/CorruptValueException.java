package dev.memcache.core.internal.codec;

/**
 * Stored bytes that cannot be decoded. Internal: the value codec turns it into a {@link
 * dev.memcache.core.MemcacheDecodeException} that names the key and the flags.
 */
public final class CorruptValueException extends RuntimeException {
  public CorruptValueException(String message) {
    super(message);
  }

  public CorruptValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
