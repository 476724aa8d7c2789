package dev.memcache.spring.internal;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;

/**
 * How a cache's values become stored bytes: the client's value codec, or JSON ({@link JsonFormat}).
 * A stored null is whatever the format makes of {@code null} (a pickled {@code None} for the Python
 * codec, JSON {@code null}), or {@link #NULL_MARKER} when the format cannot store one.
 */
public interface ValueFormat {
  /**
   * Stored for a null value when the format cannot encode null: flags {@value #NULL_FLAGS} (a bit
   * no Python client or codec of this project uses) and no bytes.
   */
  int NULL_FLAGS = 0x40;

  /** The null marker. */
  CachedValue NULL_MARKER = new CachedValue(NULL_FLAGS, new byte[0]);

  /**
   * Encodes {@code value}, which may be null.
   *
   * @param value the value
   * @return the bytes and flags to store
   * @throws IllegalArgumentException when the value cannot be encoded
   */
  CachedValue encode(Object value);

  /**
   * Decodes a stored value.
   *
   * @param key the memcached key, for messages
   * @param stored what was read
   * @param type the type asked for, or null for the cache's own
   * @return the value, null for a stored null
   */
  Object decode(String key, CachedValue stored, Class<?> type);

  /**
   * Whether {@code stored} is the null marker.
   *
   * @param stored what was read
   * @return true for the marker
   */
  static boolean isNullMarker(CachedValue stored) {
    return stored.flags() == NULL_FLAGS && stored.bytes().length == 0;
  }

  /**
   * The client's value codec as a format.
   *
   * @param codec the codec
   * @return the format
   */
  static ValueFormat of(ValueCodec codec) {
    return new ValueFormat() {
      @Override
      public CachedValue encode(Object value) {
        if (value != null) return codec.encode(value);
        try {
          return codec.encode(null);
        } catch (IllegalArgumentException | NullPointerException cannot) {
          return NULL_MARKER;
        }
      }

      @Override
      public Object decode(String key, CachedValue stored, Class<?> type) {
        if (isNullMarker(stored)) return null;
        return codec.decode(key, stored.flags(), stored.bytes());
      }

      @Override
      public String toString() {
        return "codec " + codec;
      }
    };
  }
}
