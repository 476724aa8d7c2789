package dev.memcache.java.internal;

import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.MetaValue;
import dev.memcache.core.internal.Call;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.GetOrCompute;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.MetaOperations;
import dev.memcache.core.internal.Operations;
import dev.memcache.java.MetaCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meta commands of the blocking client. {@code getOrCompute} parks over the core's {@link
 * GetOrCompute}, which makes every decision (shared with the Kotlin client).
 */
final class RealMetaCommands implements MetaCommands {
  private final Operations ops;
  private final MetaOperations meta;

  RealMetaCommands(Operations ops, MetaOperations meta) {
    this.ops = ops;
    this.meta = meta;
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
    GetOrCompute g = new GetOrCompute(ops, meta, key, ttl, recacheBefore, lease);
    while (true) {
      MetaValue<Object> v = g.read().await();
      GetOrCompute.Step step = g.next(v);
      if (step == GetOrCompute.Step.USE) return (T) v.value();
      if (step == GetOrCompute.Step.COMPUTE) return compute(g, compute);
      pause(key, g.pause()); // WAIT: another caller is computing it
    }
  }

  private static <T> T compute(GetOrCompute g, Supplier<T> compute) {
    T fresh;
    try {
      fresh = compute.get();
    } catch (Throwable e) {
      // Anything, as in Kotlin: the next caller must not wait for a dead lease.
      release(g, e);
      throw e;
    }
    g.store(fresh).await();
    return fresh;
  }

  private static void release(GetOrCompute g, Throwable failure) {
    try {
      Call<Boolean> release = g.release();
      if (release != null) release.await();
    } catch (RuntimeException e) {
      GetOrCompute.releaseFailed(failure, e);
    }
  }

  private static void pause(String key, long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MemcacheInterruptedException(
          "getOrCompute of key " + Keys.show(key) + " interrupted while waiting for the value");
    }
  }

  @Override
  public MetaValue<Object> get(String key, Duration lease, Duration recacheBefore) {
    return meta.get(key, lease, recacheBefore).await();
  }

  @Override
  public boolean invalidate(String key, Duration staleTtl) {
    return meta.invalidate(key, staleTtl).await();
  }

  @Override
  public Long incr(String key, long delta, long initial, Duration ttl) {
    return meta.counter(Command.INCR, key, delta, initial, ttl).await();
  }

  @Override
  public Long decr(String key, long delta, long initial, Duration ttl) {
    return meta.counter(Command.DECR, key, delta, initial, ttl).await();
  }
}
