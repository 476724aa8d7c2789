package dev.memcache.core.codec;

/**
 * Turns values into stored bytes and flags, and back. Implementations must be thread-safe. They run
 * on the caller's thread, never on a connection's reader.
 *
 * <p>Plug in your own (Protocol Buffers, Jackson, ...) per client with {@code valueCodec(...)} on
 * the builder, or for some calls with {@code withValueCodec(codec)} on a client, which gives a view
 * over the same connections. Throw {@link IllegalArgumentException} for a value you cannot encode
 * and {@link dev.memcache.core.MemcacheDecodeException} for bytes you cannot decode.
 */
public interface ValueCodec {
  /**
   * Encodes {@code value} (never null unless the codec supports null) for storage.
   *
   * @param value the value to store
   * @return the bytes and flags to store
   * @throws IllegalArgumentException when the codec cannot encode the value
   */
  CachedValue encode(Object value);

  /**
   * Decodes a stored value.
   *
   * @param key the key it was read under, for error messages
   * @param flags the flags it was stored with
   * @param bytes the stored bytes
   * @return the value
   * @throws dev.memcache.core.MemcacheDecodeException when the bytes cannot be decoded
   */
  Object decode(String key, int flags, byte[] bytes);
}
