package dev.memcache.java;

import dev.memcache.core.CacheEntry;
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
  /**
   * {@link MemcacheClient#get(String)} as a future.
   *
   * @param key the key
   * @return the value, or {@code null} on a miss
   */
  CompletableFuture<Object> get(String key);

  /**
   * {@link MemcacheClient#get(String, Class)} as a future; a value of another type (or an integer
   * out of range) fails it with {@link dev.memcache.core.ValueTypeException}.
   *
   * @param <T> the type expected
   * @param key the key
   * @param type the class of the value expected
   * @return the value, or {@code null} on a miss
   */
  <T> CompletableFuture<T> get(String key, Class<T> type);

  /**
   * {@link MemcacheClient#getEntry(String)} as a future: {@code null} on a miss, an entry (whose
   * value may be {@code null}) on a hit; see {@link MemcacheClient} on a stored null and a miss.
   *
   * @param key the key
   * @return the entry, or {@code null} on a miss
   */
  CompletableFuture<CacheEntry<Object>> getEntry(String key);

  /**
   * {@link MemcacheClient#getEntry(String, Class)} as a future; a value of another type fails it
   * with {@link dev.memcache.core.ValueTypeException}.
   *
   * @param <T> the type expected
   * @param key the key
   * @param type the class of the value expected
   * @return the entry, or {@code null} on a miss
   */
  <T> CompletableFuture<CacheEntry<T>> getEntry(String key, Class<T> type);

  /**
   * {@link MemcacheClient#getMulti(Collection)} as a future.
   *
   * @param keys the keys to read
   * @return each key found, mapped to its value
   */
  CompletableFuture<Map<String, Object>> getMulti(Collection<String> keys);

  /**
   * {@link MemcacheClient#getMulti(Collection, Class)} as a future; a value of another type fails
   * it with {@link dev.memcache.core.ValueTypeException}.
   *
   * @param <T> the type expected
   * @param keys the keys to read
   * @param type the class of the values expected
   * @return each key found, mapped to its value
   */
  <T> CompletableFuture<Map<String, T>> getMulti(Collection<String> keys, Class<T> type);

  /**
   * {@link MemcacheClient#gets} as a future.
   *
   * @param key the key
   * @return the value with its cas id, or {@code null} on a miss
   */
  CompletableFuture<CasValue<Object>> gets(String key);

  /**
   * {@link MemcacheClient#getAndTouch} as a future.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return the value, or {@code null} on a miss
   */
  CompletableFuture<Object> getAndTouch(String key, Duration ttl);

  /**
   * {@link MemcacheClient#getsAndTouch} as a future.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return the value with its cas id, or {@code null} on a miss
   */
  CompletableFuture<CasValue<Object>> getsAndTouch(String key, Duration ttl);

  /**
   * {@link MemcacheClient#set(String, Object)} as a future.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @return {@code true} when stored
   */
  CompletableFuture<Boolean> set(String key, Object value);

  /**
   * {@link MemcacheClient#set(String, Object, Duration)} as a future.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored
   */
  CompletableFuture<Boolean> set(String key, Object value, Duration ttl);

  /**
   * {@link MemcacheClient#add} as a future.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key exists
   */
  CompletableFuture<Boolean> add(String key, Object value, Duration ttl);

  /**
   * {@link MemcacheClient#replace} as a future.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key is absent
   */
  CompletableFuture<Boolean> replace(String key, Object value, Duration ttl);

  /**
   * {@link MemcacheClient#append} as a future.
   *
   * @param key the key
   * @param value the bytes to append, encoded by the client's value codec
   * @return {@code true} when appended, {@code false} when the key is absent
   */
  CompletableFuture<Boolean> append(String key, Object value);

  /**
   * {@link MemcacheClient#prepend} as a future.
   *
   * @param key the key
   * @param value the bytes to prepend, encoded by the client's value codec
   * @return {@code true} when prepended, {@code false} when the key is absent
   */
  CompletableFuture<Boolean> prepend(String key, Object value);

  /**
   * {@link MemcacheClient#cas} as a future.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param cas the cas id read with {@link #gets}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} on a conflict or when the key is absent
   */
  CompletableFuture<Boolean> cas(String key, Object value, long cas, Duration ttl);

  /**
   * {@link MemcacheClient#delete} as a future.
   *
   * @param key the key
   * @return {@code true} when deleted, {@code false} when the key was absent
   */
  CompletableFuture<Boolean> delete(String key);

  /**
   * {@link MemcacheClient#incr} as a future.
   *
   * @param key the key of a decimal value
   * @param delta the amount to add
   * @return the new value, or {@code null} when the key is absent
   */
  CompletableFuture<Long> incr(String key, long delta);

  /**
   * {@link MemcacheClient#decr} as a future.
   *
   * @param key the key of a decimal value
   * @param delta the amount to subtract
   * @return the new value, or {@code null} when the key is absent
   */
  CompletableFuture<Long> decr(String key, long delta);

  /**
   * {@link MemcacheClient#incr(String, long, long, Duration)} as a future: a missing counter is
   * created holding {@code initial}, which is returned.
   *
   * @param key the counter's key
   * @param delta the amount to add, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl how long a counter created by this call lives; {@link Duration#ZERO} means no expiry
   * @return the new value, or {@code initial} when this call created the counter; never null
   */
  CompletableFuture<Long> incr(String key, long delta, long initial, Duration ttl);

  /**
   * {@link MemcacheClient#decr(String, long, long, Duration)} as a future: stops at 0; a missing
   * counter is created holding {@code initial}, which is returned.
   *
   * @param key the counter's key
   * @param delta the amount to subtract, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl how long a counter created by this call lives; {@link Duration#ZERO} means no expiry
   * @return the new value, or {@code initial} when this call created the counter; never null
   */
  CompletableFuture<Long> decr(String key, long delta, long initial, Duration ttl);

  /**
   * {@link MemcacheClient#setMulti} as a future; bad input fails it before anything is sent.
   *
   * @param values the keys and their values, encoded by the client's value codec
   * @param ttl how long the items live; {@link Duration#ZERO} means no expiry
   * @return every key, in the map's order, mapped to {@code true} when stored
   */
  CompletableFuture<Map<String, Boolean>> setMulti(Map<String, ?> values, Duration ttl);

  /**
   * {@link MemcacheClient#deleteMulti} as a future.
   *
   * @param keys the keys to delete
   * @return every key, in order, mapped to {@code true} when deleted, {@code false} when absent
   */
  CompletableFuture<Map<String, Boolean>> deleteMulti(Collection<String> keys);

  /**
   * {@link MemcacheClient#touch} as a future.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return {@code true} when touched, {@code false} when the key is absent
   */
  CompletableFuture<Boolean> touch(String key, Duration ttl);

  /**
   * {@link MemcacheClient#update} as a future; {@code update} runs on a virtual thread and may run
   * more than once. When every attempt loses ({@link
   * dev.memcache.core.ClientConfig#updateAttempts()}) the future fails with {@link
   * dev.memcache.core.MemcacheCasConflictException}.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param update computes the new value from the current one ({@code null} when absent)
   * @return the value stored
   */
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

  /**
   * {@link MemcacheClient#stats()} as a future.
   *
   * @return for each server ({@code "host:port"}), its statistics by name
   */
  CompletableFuture<Map<String, Map<String, String>>> stats();

  /**
   * {@link MemcacheClient#stats(String)} as a future.
   *
   * @param group the group's name, as memcached's {@code stats} command takes it
   * @return for each server ({@code "host:port"}), the group's statistics by name
   */
  CompletableFuture<Map<String, Map<String, String>>> stats(String group);

  /**
   * {@link MemcacheClient#version} as a future.
   *
   * @return for each server ({@code "host:port"}), its version
   */
  CompletableFuture<Map<String, String>> version();

  /**
   * {@link MemcacheClient#verbosity} as a future.
   *
   * @param level the verbosity, 0 (quiet) and up
   * @return a future that completes when every server has accepted it
   */
  CompletableFuture<Void> verbosity(int level);

  /**
   * {@link MemcacheClient#json()} returning futures.
   *
   * @return the future-returning JSON view of this client, with the default mapper
   * @throws NoClassDefFoundError when Jackson is not on the classpath
   */
  AsyncJsonCommands json();
}
