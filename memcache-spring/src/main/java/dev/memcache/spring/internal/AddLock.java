package dev.memcache.spring.internal;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.Flags;
import dev.memcache.java.MemcacheClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One loader per key across processes: the process whose {@code add} of the lock key succeeds
 * loads; the others poll for the value (2 ms, doubling to 50 ms) until it appears, the lock is
 * released without one (they race for it again), or {@code wait} has passed (they load themselves).
 * The lock expires after {@code ttl}, so a holder that dies delays the others by at most that long.
 * Release deletes the lock if it still holds this holder's token: a read then a delete, not atomic,
 * so a holder that outlived its TTL may delete a successor's lock (the result is a second load,
 * never a wrong value). {@link #loadAsync} does the same without blocking; its release is not
 * awaited.
 */
public final class AddLock {
  private static final long FIRST_PAUSE_NANOS = 2_000_000;
  private static final long LONGEST_PAUSE_NANOS = 50_000_000;

  private final MemcacheClient raw;
  private final Duration ttl;
  private final Duration wait;

  /**
   * @param raw the client's raw view ({@link RawCodec})
   * @param ttl how long a lock lives
   * @param wait how long a process waits for another's load before it loads itself
   */
  public AddLock(MemcacheClient raw, Duration ttl, Duration wait) {
    this.raw = raw;
    this.ttl = ttl;
    this.wait = wait;
  }

  /** What {@link #load} needs from the cache. */
  public interface Entry<T> {
    /**
     * The stored value, or null on a miss.
     *
     * @return a holder of the value (whose content may be null), or null
     */
    Holder<T> read();

    /**
     * Runs the loader and stores its value.
     *
     * @return the value loaded
     */
    T loadAndStore();
  }

  /** What {@link #loadAsync} needs from the cache; neither method may block. */
  public interface AsyncEntry<T> {
    /**
     * The stored value, or null on a miss.
     *
     * @return the future of a holder of the value (whose content may be null), or of null
     */
    CompletableFuture<Holder<T>> read();

    /**
     * Starts the loader and stores its value.
     *
     * @return the future of the value loaded
     */
    CompletableFuture<T> loadAndStore();
  }

  /**
   * A value that may be null.
   *
   * @param value the value
   * @param <T> its type
   */
  public record Holder<T>(T value) {}

  /**
   * The value of {@code entry}, loaded by at most one holder of {@code lockKey} at a time.
   *
   * @param <T> the value's type
   * @param lockKey the lock's key
   * @param entry reads and loads the entry
   * @param interrupted makes the exception thrown when the wait is interrupted
   * @return the value
   */
  public <T> T load(String lockKey, Entry<T> entry, Supplier<RuntimeException> interrupted) {
    CachedValue token = token();
    long deadline = System.nanoTime() + wait.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    boolean sawLock = true;
    while (true) {
      if (raw.add(lockKey, token, ttl)) {
        try {
          Holder<T> stored = entry.read(); // a holder that finished just before us
          return stored != null ? stored.value() : entry.loadAndStore();
        } finally {
          release(lockKey, token);
        }
      }
      if (raw.get(lockKey) == null) {
        // add failed yet no lock: released just now, or the server is not answering (MISS policy)
        if (!sawLock) return entry.loadAndStore();
        sawLock = false;
        continue;
      }
      sawLock = true;
      if (System.nanoTime() - deadline >= 0) return entry.loadAndStore();
      try {
        Thread.sleep(Duration.ofNanos(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw interrupted.get();
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
      Holder<T> stored = entry.read();
      if (stored != null) return stored.value();
    }
  }

  /**
   * {@link #load} without blocking: through the client's futures, pausing with a delayed executor.
   *
   * @param <T> the value's type
   * @param lockKey the lock's key
   * @param entry reads and loads the entry
   * @return the future of the value
   */
  public <T> CompletableFuture<T> loadAsync(String lockKey, AsyncEntry<T> entry) {
    return attempt(
        lockKey, token(), entry, System.nanoTime() + wait.toNanos(), FIRST_PAUSE_NANOS, true);
  }

  private <T> CompletableFuture<T> attempt(
      String lockKey,
      CachedValue token,
      AsyncEntry<T> entry,
      long deadline,
      long pause,
      boolean sawLock) {
    return raw.async()
        .add(lockKey, token, ttl)
        .thenCompose(
            added -> {
              if (added) {
                CompletableFuture<T> value =
                    entry
                        .read()
                        .thenCompose(
                            stored ->
                                stored != null
                                    ? CompletableFuture.completedFuture(stored.value())
                                    : entry.loadAndStore());
                return value.whenComplete((v, failure) -> releaseAsync(lockKey, token));
              }
              return raw.async()
                  .get(lockKey)
                  .thenCompose(
                      held -> {
                        if (held == null) {
                          if (!sawLock) return entry.loadAndStore();
                          return attempt(lockKey, token, entry, deadline, pause, false);
                        }
                        if (System.nanoTime() - deadline >= 0) return entry.loadAndStore();
                        Executor later =
                            CompletableFuture.delayedExecutor(pause, TimeUnit.NANOSECONDS);
                        return CompletableFuture.runAsync(() -> {}, later)
                            .thenCompose(paused -> entry.read())
                            .thenCompose(
                                stored ->
                                    stored != null
                                        ? CompletableFuture.completedFuture(stored.value())
                                        : attempt(
                                            lockKey,
                                            token,
                                            entry,
                                            deadline,
                                            Math.min(pause * 2, LONGEST_PAUSE_NANOS),
                                            true));
                      });
            });
  }

  private void releaseAsync(String lockKey, CachedValue token) {
    raw.async()
        .get(lockKey)
        .thenCompose(
            held ->
                held instanceof CachedValue v && Arrays.equals(v.bytes(), token.bytes())
                    ? raw.async().delete(lockKey)
                    : CompletableFuture.completedFuture(false));
    // A failure is dropped: the lock expires after its TTL.
  }

  private static CachedValue token() {
    return new CachedValue(
        Flags.TEXT, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
  }

  private void release(String lockKey, CachedValue token) {
    try {
      Object held = raw.get(lockKey);
      if (held instanceof CachedValue v && Arrays.equals(v.bytes(), token.bytes()))
        raw.delete(lockKey);
    } catch (RuntimeException e) {
      // The lock expires after its TTL; the loader's own outcome is what the caller needs.
    }
  }
}
