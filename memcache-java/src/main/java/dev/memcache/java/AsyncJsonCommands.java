package dev.memcache.java;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link JsonCommands} returning futures, with the same names and meanings, reached with {@link
 * MemcacheAsyncClient#json()} or {@link JsonCommands#async()}. Like {@link MemcacheAsyncClient},
 * these methods never throw: a decode or encode failure fails the returned future.
 */
public interface AsyncJsonCommands {
  /**
   * {@link JsonCommands#getJson(String, Class)} as a future.
   *
   * @param <T> the type to read
   * @param key the key
   * @param type the class to read the JSON as
   * @return the value, or {@code null} on a miss; fails with {@link
   *     dev.memcache.core.MemcacheDecodeException} when the stored value is not JSON text
   */
  <T> CompletableFuture<T> getJson(String key, Class<T> type);

  /**
   * {@link JsonCommands#getJson(String, TypeReference)} as a future.
   *
   * @param <T> the type to read
   * @param key the key
   * @param type the type to read the JSON as
   * @return the value, or {@code null} on a miss; fails with {@link
   *     dev.memcache.core.MemcacheDecodeException} when the stored value is not JSON text
   */
  <T> CompletableFuture<T> getJson(String key, TypeReference<T> type);

  /**
   * {@link JsonCommands#getMultiJson} as a future.
   *
   * @param <T> the type to read
   * @param keys the keys
   * @param type the class to read each JSON value as
   * @return the keys found, each with its value
   */
  <T> CompletableFuture<Map<String, T>> getMultiJson(Collection<String> keys, Class<T> type);

  /**
   * {@link JsonCommands#setJson} as a future.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored
   */
  CompletableFuture<Boolean> setJson(String key, Object value, Duration ttl);

  /**
   * {@link JsonCommands#addJson} as a future.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key exists
   */
  CompletableFuture<Boolean> addJson(String key, Object value, Duration ttl);

  /**
   * {@link JsonCommands#replaceJson} as a future.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key is absent
   */
  CompletableFuture<Boolean> replaceJson(String key, Object value, Duration ttl);

  /**
   * {@link JsonCommands#updateJson(String, Class, Duration, UnaryOperator)} as a future; {@code
   * transform} runs on a virtual thread and may run more than once. When every attempt loses
   * ({@link dev.memcache.core.ClientConfig#updateAttempts()}) the future fails with {@link
   * dev.memcache.core.MemcacheCasConflictException}; a stored value that is not JSON for {@code
   * type} fails it with {@link dev.memcache.core.MemcacheDecodeException}.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the class to read the JSON as
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param transform computes the new value from the current one ({@code null} when absent); it
   *     must not return {@code null}
   * @return the value stored
   */
  <T> CompletableFuture<T> updateJson(
      String key, Class<T> type, Duration ttl, UnaryOperator<T> transform);

  /**
   * {@link JsonCommands#updateJson(String, TypeReference, Duration, UnaryOperator)} as a future;
   * {@code transform} runs on a virtual thread and may run more than once.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the type to read the JSON as, e.g. {@code new TypeReference<List<User>>() {}}
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param transform computes the new value from the current one ({@code null} when absent); it
   *     must not return {@code null}
   * @return the value stored
   */
  <T> CompletableFuture<T> updateJson(
      String key, TypeReference<T> type, Duration ttl, UnaryOperator<T> transform);

  /**
   * The mapper these commands read and write with.
   *
   * @return the mapper
   */
  ObjectMapper mapper();

  /**
   * These commands with another mapper, over the same client.
   *
   * @param mapper the mapper to read and write with
   * @return a view using {@code mapper}
   */
  AsyncJsonCommands withMapper(ObjectMapper mapper);
}
