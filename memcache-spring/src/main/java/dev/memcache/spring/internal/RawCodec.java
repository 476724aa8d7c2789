package dev.memcache.spring.internal;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;

/**
 * A codec that moves {@link CachedValue}s unchanged, so the cache decides how values are encoded
 * (the client's codec or JSON) and can tell a stored null from a miss.
 */
public final class RawCodec implements ValueCodec {
  /** The one instance. */
  public static final RawCodec INSTANCE = new RawCodec();

  private RawCodec() {}

  @Override
  public CachedValue encode(Object value) {
    if (value instanceof CachedValue stored) return stored;
    throw new IllegalArgumentException(
        "the cache's raw view stores encoded values only, got "
            + (value == null ? "null" : value.getClass().getName()));
  }

  @Override
  public Object decode(String key, int flags, byte[] bytes) {
    return new CachedValue(flags, bytes);
  }
}
