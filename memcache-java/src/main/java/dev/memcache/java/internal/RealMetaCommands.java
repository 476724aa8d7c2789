package dev.memcache.java.internal;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.MetaValue;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.MetaOperations;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.MetaCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meta commands of the blocking client, and the anti-dogpile loop behind {@code getOrCompute}.
 */
final class RealMetaCommands implements MetaCommands {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1),
      MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration LONGEST_WAIT = Duration.ofDays(365L * 20);

  private final MemcacheClient client;
  private final MetaOperations ops;

  RealMetaCommands(MemcacheClient client, MetaOperations ops) {
    this.client = client;
    this.ops = ops;
  }

  @Override
  public <T> T getOrCompute(String key, Duration ttl, Supplier<T> compute) {
    return getOrCompute(key, ttl, null, DEFAULT_LEASE, compute);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T getOrCompute(
      String key, Duration ttl, Duration recacheBefore, Duration lease, Supplier<T> compute) {
    Objects.requireNonNull(compute, "compute");
    // A lease beyond memcached's expiration limit (2038) waits that long at most: no overflow.
    long leaseNanos = lease.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT.toNanos() : lease.toNanos();
    long giveUp = System.nanoTime() + leaseNanos + client.config().operationTimeout().toNanos();
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      MetaValue<Object> v = get(key, lease, recacheBefore);
      if (v.won()) return recompute(key, ttl, v, compute);
      if (v.present()) return (T) v.value(); // fresh, or stale while the winner recomputes
      // An empty placeholder: the winner is computing. Poll until it stores (or its lease ends).
      if (System.nanoTime() - giveUp > 0) {
        throw new MemcacheTimeoutException(
            "getOrCompute of key "
                + Keys.show(key)
                + ": the caller computing the value did not store it within the lease of "
                + lease);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MemcacheInterruptedException(
            "getOrCompute of key " + Keys.show(key) + " interrupted while waiting for the value");
      }
      pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
    }
  }

  private <T> T recompute(String key, Duration ttl, MetaValue<Object> won, Supplier<T> compute) {
    T fresh;
    try {
      fresh = compute.get();
    } catch (RuntimeException | Error e) {
      if (!won.present()) releasePlaceholder(key, won.cas(), e);
      throw e;
    }
    // With the cas id we read: if the item was invalidated or set meanwhile, the newer state stays.
    client.cas(key, fresh, won.cas(), ttl);
    return fresh;
  }

  private void releasePlaceholder(String key, long cas, Throwable failure) {
    try {
      ops.deleteIfUnchanged(key, cas).await();
    } catch (MemcacheException e) {
      failure.addSuppressed(e); // the placeholder then expires with its lease
    }
  }

  @Override
  public MetaValue<Object> get(String key, Duration lease, Duration recacheBefore) {
    return ops.get(key, lease, recacheBefore).await();
  }

  @Override
  public boolean invalidate(String key, Duration staleTtl) {
    return ops.invalidate(key, staleTtl).await();
  }

  @Override
  public Long incr(String key, long delta, long initial, Duration ttl) {
    return ops.counter(Command.INCR, key, delta, initial, ttl).await();
  }

  @Override
  public Long decr(String key, long delta, long initial, Duration ttl) {
    return ops.counter(Command.DECR, key, delta, initial, ttl).await();
  }
}
