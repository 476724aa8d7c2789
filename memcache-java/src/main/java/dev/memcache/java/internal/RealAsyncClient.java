package dev.memcache.java.internal;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.CasValue;
import dev.memcache.core.internal.Call;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Operations;
import dev.memcache.java.AsyncJsonCommands;
import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Futures over the same calls as the blocking client. Sending never blocks the caller; futures
 * complete on a fresh virtual thread, so no user stage runs on a connection's reader.
 */
final class RealAsyncClient implements MemcacheAsyncClient {
  private static final Executor COMPLETER =
      r -> Thread.ofVirtual().name("memcache-complete").start(r);

  private final MemcacheClient blocking;
  private final Operations ops;

  RealAsyncClient(MemcacheClient blocking, Operations ops) {
    this.blocking = blocking;
    this.ops = ops;
  }

  /**
   * A future for {@code call}: the client's sweeper times it out; cancelling it abandons the call.
   */
  private <T> CompletableFuture<T> future(Call<T> call) {
    CompletableFuture<T> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterrupt) {
            call.cancel(new CancellationException("cancelled by the caller"));
            return super.cancel(mayInterrupt);
          }
        };
    call.onDone(
        () ->
            COMPLETER.execute(
                () -> {
                  try {
                    future.complete(call.result());
                  } catch (Throwable t) {
                    future.completeExceptionally(t);
                  }
                }));
    return future;
  }

  /**
   * Validation errors, and {@link IllegalStateException} on a closed client, surface through the
   * future like every other failure: these methods never throw.
   */
  private <T> CompletableFuture<T> future(Supplier<Call<T>> make) {
    try {
      return future(make.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Object> get(String key) {
    return future(() -> ops.get(key));
  }

  @Override
  public <T> CompletableFuture<T> get(String key, Class<T> type) {
    return future(() -> ops.get(key, type));
  }

  @Override
  public CompletableFuture<CacheEntry<Object>> getEntry(String key) {
    return getEntry(key, Object.class);
  }

  @Override
  public <T> CompletableFuture<CacheEntry<T>> getEntry(String key, Class<T> type) {
    return future(() -> ops.getEntry(key, type));
  }

  @Override
  public CompletableFuture<Map<String, Object>> getMulti(Collection<String> keys) {
    return future(() -> ops.getMulti(keys));
  }

  @Override
  public <T> CompletableFuture<Map<String, T>> getMulti(Collection<String> keys, Class<T> type) {
    return future(() -> ops.getMulti(keys, type));
  }

  @Override
  public CompletableFuture<CasValue<Object>> gets(String key) {
    return future(() -> ops.gets(key));
  }

  @Override
  public CompletableFuture<Object> getAndTouch(String key, Duration ttl) {
    return future(() -> ops.getAndTouch(key, ttl));
  }

  @Override
  public CompletableFuture<CasValue<Object>> getsAndTouch(String key, Duration ttl) {
    return future(() -> ops.getsAndTouch(key, ttl));
  }

  @Override
  public CompletableFuture<Boolean> set(String key, Object value) {
    return set(key, value, Duration.ZERO);
  }

  @Override
  public CompletableFuture<Boolean> set(String key, Object value, Duration ttl) {
    return future(() -> ops.store(Command.SET, key, value, ttl, false));
  }

  @Override
  public CompletableFuture<Boolean> add(String key, Object value, Duration ttl) {
    return future(() -> ops.store(Command.ADD, key, value, ttl, false));
  }

  @Override
  public CompletableFuture<Boolean> replace(String key, Object value, Duration ttl) {
    return future(() -> ops.store(Command.REPLACE, key, value, ttl, false));
  }

  @Override
  public CompletableFuture<Boolean> append(String key, Object value) {
    return future(() -> ops.store(Command.APPEND, key, value, Duration.ZERO, false));
  }

  @Override
  public CompletableFuture<Boolean> prepend(String key, Object value) {
    return future(() -> ops.store(Command.PREPEND, key, value, Duration.ZERO, false));
  }

  @Override
  public CompletableFuture<Boolean> cas(String key, Object value, long cas, Duration ttl) {
    return future(() -> ops.cas(key, value, cas, ttl));
  }

  @Override
  public CompletableFuture<Boolean> delete(String key) {
    return future(() -> ops.delete(key, false));
  }

  @Override
  public CompletableFuture<Long> incr(String key, long delta) {
    return future(() -> ops.counter(Command.INCR, key, delta, false));
  }

  @Override
  public CompletableFuture<Long> decr(String key, long delta) {
    return future(() -> ops.counter(Command.DECR, key, delta, false));
  }

  @Override
  public CompletableFuture<Long> incr(String key, long delta, long initial, Duration ttl) {
    return future(() -> ops.counter(Command.INCR, key, delta, initial, ttl));
  }

  @Override
  public CompletableFuture<Long> decr(String key, long delta, long initial, Duration ttl) {
    return future(() -> ops.counter(Command.DECR, key, delta, initial, ttl));
  }

  @Override
  public CompletableFuture<Map<String, Boolean>> setMulti(Map<String, ?> values, Duration ttl) {
    return future(() -> ops.setMulti(values, ttl, false));
  }

  @Override
  public CompletableFuture<Map<String, Boolean>> deleteMulti(Collection<String> keys) {
    return future(() -> ops.deleteMulti(keys, false));
  }

  @Override
  public CompletableFuture<Boolean> touch(String key, Duration ttl) {
    return future(() -> ops.touch(key, ttl, false));
  }

  @Override
  public <T> CompletableFuture<T> update(String key, Duration ttl, UnaryOperator<T> update) {
    // The loop needs several round trips: it runs on its own virtual thread over the blocking
    // calls.
    return CompletableFuture.supplyAsync(() -> blocking.update(key, ttl, update), COMPLETER);
  }

  @Override
  public CompletableFuture<Boolean> flushAll() {
    return flushAll(Duration.ZERO);
  }

  @Override
  public CompletableFuture<Boolean> flushAll(Duration delay) {
    return future(() -> ops.flushAll(delay));
  }

  @Override
  public CompletableFuture<Map<String, Map<String, String>>> stats() {
    return future(() -> ops.stats(null));
  }

  @Override
  public CompletableFuture<Map<String, Map<String, String>>> stats(String group) {
    return future(() -> ops.stats(group));
  }

  @Override
  public CompletableFuture<Map<String, String>> version() {
    return future(() -> ops.version());
  }

  @Override
  public CompletableFuture<Void> verbosity(int level) {
    return future(() -> ops.verbosity(level));
  }

  @Override
  public AsyncJsonCommands json() {
    return JsonSupport.view(this, blocking);
  }
}
