package dev.memcache.java.internal;

import dev.memcache.core.CasValue;
import dev.memcache.core.MemcacheException;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** The gets/cas retry loop behind {@code update}: bounded, so a hot key cannot spin forever. */
final class CasLoop {
  static final int MAX_ATTEMPTS = 64;

  private CasLoop() {}

  @SuppressWarnings("unchecked")
  static <T> T run(MemcacheClient client, String key, Duration ttl, UnaryOperator<T> update) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      CasValue<Object> current = client.gets(key);
      T next = update.apply(current == null ? null : (T) current.value());
      if (next == null)
        throw new IllegalArgumentException("update of key '" + key + "' returned null");
      boolean stored =
          current == null ? client.add(key, next, ttl) : client.cas(key, next, current.cas(), ttl);
      if (stored) return next;
      if (attempt > 2) Thread.onSpinWait();
    }
    throw new MemcacheException(
        "update of key '"
            + key
            + "' did not store in "
            + MAX_ATTEMPTS
            + " attempts: other writers won each time, or (with the MISS failure policy) the server is down");
  }
}
