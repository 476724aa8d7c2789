package dev.memcache.spring.internal;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.Flags;
import dev.memcache.java.MemcacheClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cache's namespace generation: a decimal counter in memcached that {@code clear()} increments,
 * so entries of earlier generations are no longer found (memcached evicts them in time). A missing
 * counter (never made, or evicted) is created at the current time in microseconds: past every
 * earlier generation, since each clear and each creation is a round trip to memcached and takes
 * longer than a microsecond, so evicting the counter never brings old entries back (unless the wall
 * clock is set back). Milliseconds were not enough: a counter created, cleared, evicted and created
 * again within one millisecond came back at the generation its entries were stored under.
 *
 * <p>The value read is kept for {@code cacheFor} (zero: read on every operation); a clear through
 * this object updates it at once. {@link #UNAVAILABLE} means the counter could be neither read nor
 * created (an outage under the MISS failure policy): the operation is skipped.
 */
public final class Generation {
  /** No generation: the server did not answer and the failure policy returned a miss. */
  public static final long UNAVAILABLE = -1;

  private final MemcacheClient raw;
  private final String key;
  private final long cacheForNanos;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  private record Snapshot(long value, long readAt) {}

  /**
   * @param raw the client's raw view ({@link RawCodec})
   * @param key the counter's key
   * @param cacheFor how long a value read is used; zero reads every time
   */
  public Generation(MemcacheClient raw, String key, Duration cacheFor) {
    this.raw = raw;
    this.key = key;
    this.cacheForNanos = cacheFor.toNanos();
  }

  /**
   * The current generation, read or created when the kept one is too old.
   *
   * @return the generation, or {@link #UNAVAILABLE}
   */
  public long current() {
    long fresh = kept();
    if (fresh != UNAVAILABLE) return fresh;
    long startedAt = System.nanoTime();
    Object stored = raw.get(key);
    if (stored == null) {
      CachedValue created = initial();
      if (raw.add(key, created, Duration.ZERO)) return keep(parse(created), startedAt);
      stored = raw.get(key);
      if (stored == null) return UNAVAILABLE;
    }
    return keep(parse(stored), startedAt);
  }

  /**
   * {@link #current()} without blocking: a kept value completes at once, else it is read through
   * the client's futures.
   *
   * @return the generation, or {@link #UNAVAILABLE}
   */
  public CompletableFuture<Long> currentAsync() {
    long fresh = kept();
    if (fresh != UNAVAILABLE) return CompletableFuture.completedFuture(fresh);
    CachedValue created = initial();
    long startedAt = System.nanoTime();
    return raw.async()
        .get(key)
        .thenCompose(
            stored -> {
              if (stored != null)
                return CompletableFuture.completedFuture(keep(parse(stored), startedAt));
              return raw.async()
                  .add(key, created, Duration.ZERO)
                  .thenCompose(
                      added -> {
                        if (added)
                          return CompletableFuture.completedFuture(keep(parse(created), startedAt));
                        return raw.async()
                            .get(key)
                            .thenApply(
                                again ->
                                    again == null ? UNAVAILABLE : keep(parse(again), startedAt));
                      });
            });
  }

  /**
   * Moves to a new generation: increments the counter, or creates it when missing.
   *
   * @return the new generation, or {@link #UNAVAILABLE} when the server could not be reached
   */
  public long advance() {
    long startedAt = System.nanoTime();
    Long next = raw.incr(key, 1);
    if (next == null) {
      CachedValue created = initial();
      if (raw.add(key, created, Duration.ZERO)) return keep(parse(created), startedAt);
      next = raw.incr(key, 1);
      if (next == null) return UNAVAILABLE;
    }
    return keep(next, startedAt);
  }

  private long kept() {
    Snapshot s = snapshot.get();
    if (s != null && cacheForNanos > 0 && System.nanoTime() - s.readAt < cacheForNanos)
      return s.value;
    return UNAVAILABLE;
  }

  /**
   * Keeps {@code value}, read by an operation that started at {@code startedAt}, unless another
   * operation that ended after that start kept a larger one: a read that began before a clear and
   * ends after it must not bring the cleared generation back.
   */
  private long keep(long value, long startedAt) {
    long now = System.nanoTime();
    return snapshot.updateAndGet(
            old ->
                old != null
                        && old.readAt - startedAt > 0
                        && Long.compareUnsigned(old.value, value) > 0
                    ? old
                    : new Snapshot(value, now))
        .value;
  }

  private static CachedValue initial() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    return new CachedValue(
        Flags.INTEGER, Long.toString(micros).getBytes(StandardCharsets.US_ASCII));
  }

  private long parse(Object stored) {
    if (stored == null) return UNAVAILABLE;
    String text = new String(((CachedValue) stored).bytes(), StandardCharsets.US_ASCII).trim();
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new MemcacheDecodeException(
          "'" + key + "' is a cache's generation counter but holds '" + text + "'", e);
    }
  }
}
