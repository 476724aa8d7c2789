package dev.memcache.java;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Values as JSON through Jackson 3, reached with {@link MemcacheClient#json()}. A value is written
 * as UTF-8 JSON text under flags 16, exactly as the Kotlin client's {@code setJson} writes it, so a
 * Python client reads a {@code str} to {@code json.loads}, and Java and Kotlin read each other's
 * JSON. Reads accept that text, or raw UTF-8 bytes (flags 0).
 *
 * <p>Jackson ({@code tools.jackson.core:jackson-databind}) is an optional dependency of this
 * module: add it to use these commands. Only this view and {@link AsyncJsonCommands} load Jackson
 * classes, so every other method of the client works without it.
 *
 * <pre>{@code
 * record User(String name, int age) {}
 * cache.json().setJson("user:1", new User("Ada", 36), Duration.ofMinutes(5));
 * User u = cache.json().getJson("user:1", User.class);
 * }</pre>
 *
 * <p>The default {@link ObjectMapper} ignores unknown properties (as the Kotlin client's default
 * {@code Json} ignores unknown keys); choose another with {@link #withMapper}. A stored value that
 * is not JSON text (another type, bytes that are not UTF-8, or text the mapper rejects) fails with
 * {@link dev.memcache.core.MemcacheDecodeException} naming the key. Writes fail with {@link
 * IllegalArgumentException} when the client's value codec does not store a {@code String} as text
 * (flags 16), or when the mapper cannot write the value.
 */
public interface JsonCommands {
  /**
   * The value of {@code key} read from JSON as a {@code type}.
   *
   * @param <T> the type to read
   * @param key the key
   * @param type the class to read the JSON as
   * @return the value, or {@code null} on a miss (or for stored JSON {@code null})
   * @throws dev.memcache.core.MemcacheDecodeException when the stored value is not JSON text for
   *     {@code type}
   */
  <T> T getJson(String key, Class<T> type);

  /**
   * The value of {@code key} read from JSON as a generic type, such as {@code List<User>}.
   *
   * @param <T> the type to read
   * @param key the key
   * @param type the type to read the JSON as, e.g. {@code new TypeReference<List<User>>() {}}
   * @return the value, or {@code null} on a miss (or for stored JSON {@code null})
   * @throws dev.memcache.core.MemcacheDecodeException when the stored value is not JSON text for
   *     {@code type}
   */
  <T> T getJson(String key, TypeReference<T> type);

  /**
   * The values of {@code keys} read from JSON as {@code type}, in one multi-get; missing keys are
   * absent from the map.
   *
   * @param <T> the type to read
   * @param keys the keys
   * @param type the class to read each JSON value as
   * @return the keys found, each with its value
   * @throws dev.memcache.core.MemcacheDecodeException when a stored value is not JSON text for
   *     {@code type}; the message names the key
   */
  <T> Map<String, T> getMultiJson(Collection<String> keys, Class<T> type);

  /**
   * Stores {@code value} as JSON text.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored
   * @throws IllegalArgumentException when the mapper cannot write {@code value}, or the value codec
   *     does not store text
   */
  boolean setJson(String key, Object value, Duration ttl);

  /**
   * Stores {@code value} as JSON text only when {@code key} is absent.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key exists
   * @throws IllegalArgumentException when the mapper cannot write {@code value}, or the value codec
   *     does not store text
   */
  boolean addJson(String key, Object value, Duration ttl);

  /**
   * Stores {@code value} as JSON text only when {@code key} exists.
   *
   * @param key the key
   * @param value the value; {@code null} stores JSON {@code null}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key is absent
   * @throws IllegalArgumentException when the mapper cannot write {@code value}, or the value codec
   *     does not store text
   */
  boolean replaceJson(String key, Object value, Duration ttl);

  /**
   * Applies {@code transform} to the value of {@code key} read from JSON as a {@code type} and
   * stores the result as JSON text, with gets/cas (or add, when the key is absent), calling it
   * again while other writers win: {@link MemcacheClient#update} over JSON values. {@code
   * transform} gets {@code null} when the key is absent (or holds {@code null} or JSON {@code
   * null}): handle it, for example {@code (Counter c) -> c == null ? new Counter(1) : new
   * Counter(c.n() + 1)}.
   *
   * <p>It makes at most {@link dev.memcache.core.ClientConfig#updateAttempts()} rounds and then
   * throws {@link dev.memcache.core.MemcacheCasConflictException} naming the key and the attempts.
   * The stored value is read as {@link #getJson(String, Class)} reads it and written as {@link
   * #setJson} writes it (flags 16), so a value written by the Kotlin client's {@code setJson} can
   * be updated here and the other way round.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the class to read the JSON as
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param transform computes the new value from the current one ({@code null} when absent); it may
   *     run more than once, and must not return {@code null}
   * @return the value stored
   * @throws dev.memcache.core.MemcacheCasConflictException when every attempt lost to another
   *     writer
   * @throws dev.memcache.core.MemcacheDecodeException when the stored value is not JSON text for
   *     {@code type}
   * @throws IllegalArgumentException when {@code transform} returns {@code null}, the mapper cannot
   *     write its result, or the value codec does not store text
   */
  <T> T updateJson(String key, Class<T> type, Duration ttl, UnaryOperator<T> transform);

  /**
   * {@link #updateJson(String, Class, Duration, UnaryOperator)} for a generic type, such as {@code
   * List<User>}.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param type the type to read the JSON as, e.g. {@code new TypeReference<List<User>>() {}}
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param transform computes the new value from the current one ({@code null} when absent); it may
   *     run more than once, and must not return {@code null}
   * @return the value stored
   * @throws dev.memcache.core.MemcacheCasConflictException when every attempt lost to another
   *     writer
   * @throws dev.memcache.core.MemcacheDecodeException when the stored value is not JSON text for
   *     {@code type}
   * @throws IllegalArgumentException when {@code transform} returns {@code null}, the mapper cannot
   *     write its result, or the value codec does not store text
   */
  <T> T updateJson(String key, TypeReference<T> type, Duration ttl, UnaryOperator<T> transform);

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
  JsonCommands withMapper(ObjectMapper mapper);

  /**
   * The same commands returning futures, with this view's mapper.
   *
   * @return the future-returning JSON view
   */
  AsyncJsonCommands async();
}
