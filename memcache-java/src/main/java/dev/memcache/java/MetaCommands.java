package dev.memcache.java;

import dev.memcache.core.MetaValue;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What only the meta protocol can do: stale-while-revalidate without stampedes, invalidation that
 * keeps serving the old value, and counters that start at a given value. Reach it with {@link
 * MemcacheClient#meta()} on a client built with {@code protocol(Protocol.META)} (memcached 1.6+).
 *
 * <pre>{@code
 * Profile p = cache.meta().getOrCompute("profile:42", Duration.ofMinutes(10), () -> db.loadProfile(42));
 * cache.meta().invalidate("profile:42", Duration.ofSeconds(30)); // readers get the stale profile while one reloads it
 * }</pre>
 */
public interface MetaCommands {
  /** How long a caller that won a recompute has before another caller may win: 10 s. */
  Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  /**
   * The cached value, or else one computed by exactly one of the concurrent callers. When the key
   * is missing, the first caller computes, stores (for {@code ttl}; zero means no expiry) and
   * returns the value while the others wait for it; when the item was {@link #invalidate
   * invalidated}, one caller recomputes it and the others get the stale value at once. Same as
   * {@code getOrCompute(key, ttl, null, DEFAULT_LEASE, compute)}.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param ttl how long a computed value lives; {@link Duration#ZERO} means no expiry
   * @param compute computes the value when this caller wins; it runs on the caller's thread
   * @return the cached, stale or computed value
   */
  <T> T getOrCompute(String key, Duration ttl, Supplier<T> compute);

  /**
   * {@link #getOrCompute(String, Duration, Supplier)} with early refresh and a lease. With {@code
   * recacheBefore} (null for none), the first caller that sees less TTL left than that recomputes
   * while the others keep getting the current value. A winner has {@code lease} to store its value;
   * waiting callers give up with {@link dev.memcache.core.MemcacheTimeoutException} after the lease
   * plus the operation timeout. When {@code compute} throws, the exception reaches its caller and a
   * placeholder is removed so the next caller recomputes; a stale value stays in service.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param ttl how long a computed value lives; {@link Duration#ZERO} means no expiry
   * @param recacheBefore recompute early when less TTL than this is left; {@code null} for never
   * @param lease how long a winner has to store its value
   * @param compute computes the value when this caller wins; it runs on the caller's thread
   * @return the cached, stale or computed value
   * @throws dev.memcache.core.MemcacheTimeoutException when waiting for another caller's value
   *     outlasts the lease plus the operation timeout
   */
  <T> T getOrCompute(
      String key, Duration ttl, Duration recacheBefore, Duration lease, Supplier<T> compute);

  /**
   * The value with the server's revalidation verdict ({@code mg} with {@code N} and {@code R}): a
   * missing key is created as an empty placeholder that lives for {@code lease}, and the caller
   * learns whether it {@link MetaValue#won won} the right to recompute, whether the value is {@link
   * MetaValue#stale stale}, or whether a {@link MetaValue#winnerChosen winner was chosen} already.
   * Store the recomputed value with {@link MemcacheClient#cas} and the returned cas id.
   *
   * @param key the key
   * @param lease how long a placeholder created for a missing key lives
   * @param recacheBefore win the recompute when less TTL than this is left; {@code null} for never
   * @return the value, possibly empty, with the server's verdict
   */
  MetaValue<Object> get(String key, Duration lease, Duration recacheBefore);

  /**
   * Marks the item stale instead of deleting it ({@code md I}): for {@code staleTtl} readers still
   * get the old value, flagged stale, and one of them wins the recompute. False when absent.
   *
   * @param key the key
   * @param staleTtl how long the stale value stays served
   * @return {@code true} when marked stale, {@code false} when the key is absent
   */
  boolean invalidate(String key, Duration staleTtl);

  /**
   * Adds {@code delta}; a missing counter is created holding {@code initial} (expiring after {@code
   * ttl}) and {@code initial} is returned. Unsigned 64-bit, wrapping at 2^64 ({@code ma N J}).
   * {@link MemcacheClient#incr(String, long, long, Duration)} does the same on every protocol and
   * returns a {@code long}; this form returns null under MISS instead of {@code initial}.
   *
   * @param key the counter's key
   * @param delta the amount to add, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl the created counter's expiration; zero for never
   * @return the new value; null only under {@link dev.memcache.core.FailurePolicy#MISS} when the
   *     server could not be reached (a miss, as for {@link MemcacheClient#incr})
   * @throws IllegalArgumentException when {@code delta} or {@code initial} is negative
   */
  Long incr(String key, long delta, long initial, Duration ttl);

  /**
   * Subtracts {@code delta}, stopping at 0; a missing counter is created holding {@code initial},
   * which is returned.
   *
   * @param key the counter's key
   * @param delta the amount to subtract, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl the created counter's expiration; zero for never
   * @return the new value; null only under {@link dev.memcache.core.FailurePolicy#MISS} when the
   *     server could not be reached
   * @throws IllegalArgumentException when {@code delta} or {@code initial} is negative
   */
  Long decr(String key, long delta, long initial, Duration ttl);
}
