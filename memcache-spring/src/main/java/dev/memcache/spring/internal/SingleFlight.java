package dev.memcache.spring.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One load per key at a time in this process: a caller that finds a load running for its key takes
 * that load's outcome (its value, or the same exception) instead of starting another.
 */
public final class SingleFlight {
  private final ConcurrentHashMap<String, CompletableFuture<Object>> running =
      new ConcurrentHashMap<>();

  /**
   * Runs {@code load}, or waits for the load running for {@code key}.
   *
   * @param key the memcached key loaded
   * @param load loads (and stores) the value
   * @param interrupted makes the exception thrown when the wait is interrupted
   * @return the value loaded
   */
  public Object run(String key, Supplier<Object> load, Supplier<RuntimeException> interrupted) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> other = running.putIfAbsent(key, mine);
    if (other != null) return await(other, interrupted);
    try {
      Object value = load.get();
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, mine);
    }
  }

  private static Object await(
      CompletableFuture<Object> other, Supplier<RuntimeException> interrupted) {
    try {
      return other.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw new CompletionException(e.getCause());
    }
  }

  /**
   * Starts {@code load}, or joins the load running for {@code key}; never blocks.
   *
   * @param key the memcached key loaded
   * @param load starts loading (and storing) the value
   * @return the future of the value; each caller gets its own, so cancelling one leaves the others
   */
  public CompletableFuture<Object> runAsync(String key, Supplier<CompletableFuture<Object>> load) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> other = running.putIfAbsent(key, mine);
    if (other != null) return other.copy();
    CompletableFuture<Object> started;
    try {
      started = load.get();
    } catch (RuntimeException | Error e) {
      started = CompletableFuture.failedFuture(e);
    }
    started.whenComplete(
        (value, failure) -> {
          running.remove(key, mine);
          if (failure == null) mine.complete(value);
          else
            mine.completeExceptionally(
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure);
        });
    return mine.copy();
  }
}
