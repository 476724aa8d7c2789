package dev.memcache.core.internal;

import dev.memcache.core.CasValue;
import dev.memcache.core.MemcacheCasConflictException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One {@code update}: the decisions of the gets/cas loop, shared by every facade, which only await
 * the calls in their own way (park, future, suspend) and run the caller's function:
 *
 * <pre>{@code
 * CasUpdate u = ops.update(key, ttl);
 * while (true) {
 *   CasValue<Object> current = u.read().await();
 *   Object next = f(current == null ? null : current.value());
 *   if (u.write(current, next).await()) return next;
 *   pause for u.lost() nanoseconds;  // throws MemcacheCasConflictException when out of attempts
 * }
 * }</pre>
 *
 * An absent key is created with {@code add}, so a concurrent creator makes the attempt lose and
 * retry instead of being overwritten. A stored {@code null} (Python {@code None}) is present: it is
 * replaced with {@code cas}. Not thread-safe: one per call.
 */
public final class CasUpdate {
  private final Operations ops;
  private final String key;
  private final Duration ttl;
  private final int maxAttempts;
  private int attempts;

  CasUpdate(Operations ops, String key, Duration ttl, int maxAttempts) {
    this.ops = ops;
    this.key = key;
    this.ttl = ttl;
    this.maxAttempts = maxAttempts;
  }

  /** Reads the current value with its cas id ({@code null} when absent). */
  public Call<CasValue<Object>> read() {
    return ops.gets(key);
  }

  /**
   * Stores {@code next} over {@code current}, as read by {@link #read}: {@code add} when it was
   * absent, {@code cas} otherwise. A {@code null} {@code next} is an {@link
   * IllegalArgumentException} naming the key (nothing is sent).
   */
  public Call<Boolean> write(CasValue<Object> current, Object next) {
    attempts++;
    if (next == null) {
      throw new IllegalArgumentException(
          "update of key " + Keys.show(key) + " returned null; return the value to store");
    }
    return current == null
        ? ops.store(Command.ADD, key, next, ttl, false)
        : ops.cas(key, next, current.cas(), ttl);
  }

  /**
   * After a write that did not store: how long the caller pauses before the next attempt, in
   * nanoseconds (0: at once), or {@link MemcacheCasConflictException} when every attempt is used.
   *
   * <p>The first retry goes at once (a single collision is the common case). After that the pause
   * is random (jitter), up to {@value #FIRST_PAUSE_MICROS} us doubled at each further loss and
   * capped at {@value #MAX_PAUSE_MICROS} us: without it, a writer on a key that many others update
   * at once can lose every round to writers that happen to read just after each store (8 virtual
   * threads updating one key lost 64 rounds in a row in {@code UpdateIT}).
   */
  public long lost() {
    if (attempts >= maxAttempts) throw new MemcacheCasConflictException(key, attempts);
    if (attempts < 2) return 0;
    long bound = Math.min(MAX_PAUSE_MICROS, FIRST_PAUSE_MICROS << Math.min(attempts - 2, 20));
    return ThreadLocalRandom.current().nextLong(bound * 1000 + 1);
  }

  /** The longest pause after the second loss, in microseconds. */
  static final long FIRST_PAUSE_MICROS = 100;

  /** The longest pause after any loss, in microseconds. */
  static final long MAX_PAUSE_MICROS = 10_000;

  /** The attempts made so far. */
  public int attempts() {
    return attempts;
  }
}
