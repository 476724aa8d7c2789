package dev.memcache.java;

import dev.memcache.core.CasValue;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MemcacheClient}'s operations returning futures, with the same names and meanings. Futures
 * complete on a virtual thread, never on a connection's reader, so dependent stages may block.
 * Cancelling a future abandons its request (its reply is drained); a timed-out request fails with
 * {@link dev.memcache.core.MemcacheTimeoutException}. These methods never throw: bad arguments, and
 * {@link IllegalStateException} ("client is closed") once the client is closed, fail the returned
 * future instead.
 */
public interface MemcacheAsyncClient {
  CompletableFuture<Object> get(String key);

  <T> CompletableFuture<T> get(String key, Class<T> type);

  CompletableFuture<Map<String, Object>> getMulti(Collection<String> keys);

  CompletableFuture<CasValue<Object>> gets(String key);

  CompletableFuture<Object> getAndTouch(String key, Duration ttl);

  CompletableFuture<CasValue<Object>> getsAndTouch(String key, Duration ttl);

  CompletableFuture<Boolean> set(String key, Object value);

  CompletableFuture<Boolean> set(String key, Object value, Duration ttl);

  CompletableFuture<Boolean> add(String key, Object value, Duration ttl);

  CompletableFuture<Boolean> replace(String key, Object value, Duration ttl);

  CompletableFuture<Boolean> append(String key, Object value);

  CompletableFuture<Boolean> prepend(String key, Object value);

  CompletableFuture<Boolean> cas(String key, Object value, long cas, Duration ttl);

  CompletableFuture<Boolean> delete(String key);

  CompletableFuture<Long> incr(String key, long delta);

  CompletableFuture<Long> decr(String key, long delta);

  CompletableFuture<Boolean> touch(String key, Duration ttl);

  <T> CompletableFuture<T> update(
      String key, Duration ttl, java.util.function.UnaryOperator<T> update);

  /**
   * {@link MemcacheClient#flushAll()} as a future.
   *
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   */
  CompletableFuture<Boolean> flushAll();

  /**
   * {@link MemcacheClient#flushAll(Duration)} as a future.
   *
   * @param delay how long to wait before the flush; zero (or null) for now
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   */
  CompletableFuture<Boolean> flushAll(Duration delay);

  CompletableFuture<Map<String, Map<String, String>>> stats();

  CompletableFuture<Map<String, Map<String, String>>> stats(String group);

  CompletableFuture<Map<String, String>> version();

  CompletableFuture<Void> verbosity(int level);
}
