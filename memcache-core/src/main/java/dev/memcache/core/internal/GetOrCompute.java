package dev.memcache.core.internal;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.MetaValue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One {@code meta().getOrCompute}: the decisions of the anti-dogpile, stale-while-revalidate loop,
 * shared by every facade, which only await the calls in their own way (park, suspend), pause in
 * their own way (sleep, delay) and run the caller's function:
 *
 * <pre>{@code
 * GetOrCompute g = new GetOrCompute(ops, meta, key, ttl, recacheBefore, lease);
 * while (true) {
 *   MetaValue<Object> v = g.read().await();
 *   switch (g.next(v)) {
 *     case USE -> return v.value();            // fresh, or stale while the winner recomputes
 *     case COMPUTE -> {
 *       Object fresh;
 *       try { fresh = compute(); }
 *       catch (Throwable e) {
 *         try { Call<Boolean> r = g.release(); if (r != null) r.await(); } // null: nothing to remove
 *         catch (RuntimeException r) { GetOrCompute.releaseFailed(e, r); }
 *         throw e;
 *       }
 *       g.store(fresh).await();
 *       return fresh;
 *     }
 *     case WAIT -> pause for g.pause() nanoseconds;     // next() throws once the lease is over
 *   }
 * }
 * }</pre>
 *
 * The server decides who computes ({@code mg} with {@code N} and {@code R}): the winner of an empty
 * placeholder or of a stale or early-recache value. The value is stored with the cas id read, so an
 * item invalidated or set meanwhile keeps its newer state. Not thread-safe: one per call.
 */
public final class GetOrCompute {
  /** What the caller does with the value it read. */
  public enum Step {
    /** Return the value read: fresh, or stale while another caller recomputes it. */
    USE,
    /**
     * This caller won: compute the value, then {@link #store} it (or {@link #release} on failure).
     */
    COMPUTE,
    /** Another caller is computing a missing value: pause for {@link #pause()}, then read again. */
    WAIT
  }

  static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** A lease beyond memcached's expiration limit (2038) is waited for that long at most. */
  static final Duration LONGEST_WAIT = Duration.ofDays(365L * 20);

  private final Operations ops;
  private final MetaOperations meta;
  private final String key;
  private final Duration ttl;
  private final Duration recacheBefore;
  private final Duration lease;
  private final LongSupplier clock;
  private final long giveUp;
  private long pause = FIRST_PAUSE_NANOS;
  private MetaValue<Object> won;

  /**
   * @param ops stores the computed value (with the facade's value codec)
   * @param meta reads with the server's verdict, removes a placeholder (same codec)
   * @param key the key
   * @param ttl how long the computed value lives
   * @param recacheBefore win the recompute when less TTL is left; null for never
   * @param lease how long a winner has to store; waiters give up after it plus the operation
   *     timeout
   */
  public GetOrCompute(
      Operations ops,
      MetaOperations meta,
      String key,
      Duration ttl,
      Duration recacheBefore,
      Duration lease) {
    this(ops, meta, key, ttl, recacheBefore, lease, System::nanoTime);
  }

  GetOrCompute(
      Operations ops,
      MetaOperations meta,
      String key,
      Duration ttl,
      Duration recacheBefore,
      Duration lease,
      LongSupplier clock) {
    this.ops = ops;
    this.meta = meta;
    this.key = key;
    this.ttl = ttl;
    this.recacheBefore = recacheBefore;
    this.lease = Objects.requireNonNull(lease, "lease");
    this.clock = clock;
    long leaseNanos = lease.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT.toNanos() : lease.toNanos();
    long timeout = ops.cluster().config().operationTimeout().toNanos();
    this.giveUp = clock.getAsLong() + leaseNanos + timeout;
  }

  /** Reads the value with the server's verdict; a missing key becomes a placeholder. */
  public Call<MetaValue<Object>> read() {
    return meta.get(key, lease, recacheBefore);
  }

  /**
   * What to do with {@code read}, as returned by {@link #read}'s call.
   *
   * @throws MemcacheTimeoutException when another caller's value is still missing after the lease
   *     plus the operation timeout
   */
  public Step next(MetaValue<Object> read) {
    if (read.won()) {
      won = read;
      return Step.COMPUTE;
    }
    if (read.present()) return Step.USE;
    if (clock.getAsLong() - giveUp > 0) {
      throw new MemcacheTimeoutException(
          "getOrCompute of key "
              + Keys.show(key)
              + ": the caller computing the value did not store it within the lease of "
              + lease);
    }
    return Step.WAIT;
  }

  /** After {@link Step#WAIT}: how long to pause before reading again, in nanoseconds (doubling). */
  public long pause() {
    long p = pause;
    pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
    return p;
  }

  /** After {@link Step#COMPUTE}: stores {@code value} (encoded) over the item this caller won. */
  public Call<Boolean> store(Object value) {
    return ops.cas(key, value, won().cas(), ttl);
  }

  /**
   * After {@link Step#COMPUTE}, when computing failed (threw, or was cancelled): removes the
   * placeholder this caller won so that the next caller computes instead of waiting for a dead
   * lease; {@code null} when there is nothing to remove (a stale value stays in service). A failure
   * of that call is the caller's to pass to {@link #releaseFailed}.
   */
  public Call<Boolean> release() {
    return holdsPlaceholder() ? meta.deleteIfUnchanged(key, won().cas()) : null;
  }

  /** Whether this caller won an empty placeholder (rather than a stale or expiring value). */
  boolean holdsPlaceholder() {
    return !won().present();
  }

  /**
   * When {@link #release}'s call failed: a {@link MemcacheException} (server down, timeout) is
   * added to {@code computeFailure} as suppressed, and the placeholder then expires with its lease;
   * anything else (a closed client) is thrown.
   */
  public static void releaseFailed(Throwable computeFailure, RuntimeException releaseFailure) {
    if (!(releaseFailure instanceof MemcacheException)) throw releaseFailure;
    computeFailure.addSuppressed(releaseFailure);
  }

  private MetaValue<Object> won() {
    if (won == null)
      throw new IllegalStateException("getOrCompute of key " + Keys.show(key) + " did not win");
    return won;
  }
}
