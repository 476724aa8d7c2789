package dev.memcache.spring;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;
import java.nio.charset.StandardCharsets;

/** A user's codec that stores strings only, and cannot write null. */
final class StringsOnlyCodec implements ValueCodec {
  @Override
  public CachedValue encode(Object value) {
    if (!(value instanceof String s))
      throw new IllegalArgumentException("strings only, got " + value);
    return new CachedValue(16, s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Object decode(String key, int flags, byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
