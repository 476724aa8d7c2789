package dev.memcache.java.internal;

import dev.memcache.core.CasValue;
import dev.memcache.core.internal.CasUpdate;
import dev.memcache.core.internal.Operations;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The gets/cas loop behind {@code update}, parking on each call. The decisions (add or cas, the
 * bound, the exception) are the core's {@link CasUpdate}, shared with the Kotlin client.
 */
final class CasLoop {
  private CasLoop() {}

  @SuppressWarnings("unchecked")
  static <T> T run(Operations ops, String key, Duration ttl, UnaryOperator<T> update) {
    CasUpdate loop = ops.update(key, ttl);
    while (true) {
      CasValue<Object> current = loop.read().await();
      T next = update.apply(current == null ? null : (T) current.value());
      if (loop.write(current, next).await()) return next;
      long pause = loop.lost();
      if (pause > 0) LockSupport.parkNanos(pause); // cheap on a virtual thread
    }
  }
}
