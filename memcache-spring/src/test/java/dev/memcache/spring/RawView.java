package dev.memcache.spring;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;

/** Reads stored flags and bytes as they are, to check what the cache wrote. */
final class RawView implements ValueCodec {
  @Override
  public CachedValue encode(Object value) {
    return (CachedValue) value;
  }

  @Override
  public Object decode(String key, int flags, byte[] bytes) {
    return new CachedValue(flags, bytes);
  }
}
