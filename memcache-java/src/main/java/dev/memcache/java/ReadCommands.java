package dev.memcache.java;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.CasValue;
import dev.memcache.core.ValueTypeException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The reads of a {@link MemcacheClient}: values, entries (a stored {@code null} told from a miss),
 * multi-gets, cas ids, and reads that set a new TTL. Each blocks (parks, on a virtual thread) until
 * the server answered. A miss is {@code null}; see <a href="MemcacheClient.html#null-vs-miss">a
 * stored null and a miss</a> and <a href="MemcacheClient.html#typed-reads">typed reads</a>. Use it
 * through {@link MemcacheClient}, which extends it.
 */
public interface ReadCommands {

  /**
   * The value stored under {@code key}, decoded by the value codec, or {@code null} on a miss.
   *
   * @param key the key
   * @return the value, or {@code null} on a miss
   */
  Object get(String key);

  /**
   * The value under {@code key} as {@code type} (see <a
   * href="MemcacheClient.html#typed-reads">typed reads</a>: a stored Python {@code int} reads as
   * {@code Integer.class} when it fits), or {@code null} on a miss.
   *
   * @param <T> the type expected
   * @param key the key
   * @param type the class of the value expected
   * @return the value, or {@code null} on a miss (or when {@code null} is stored)
   * @throws ValueTypeException when the value is of another type, or an integer out of range
   */
  <T> T get(String key, Class<T> type);

  /**
   * The value under {@code key} as an entry: {@code null} on a miss, an entry holding {@code null}
   * when {@code null} (Python {@code None}) is stored; see <a
   * href="MemcacheClient.html#null-vs-miss">a stored null and a miss</a>.
   *
   * @param key the key
   * @return the entry, or {@code null} on a miss
   */
  CacheEntry<Object> getEntry(String key);

  /**
   * {@link #getEntry(String)} with the value as {@code type}, by the rules of {@link #get(String,
   * Class)}.
   *
   * @param <T> the type expected
   * @param key the key
   * @param type the class of the value expected
   * @return the entry, or {@code null} on a miss
   * @throws ValueTypeException when the value is of another type, or an integer out of range
   */
  <T> CacheEntry<T> getEntry(String key, Class<T> type);

  /**
   * The values found for {@code keys} (misses are absent; a stored {@code null} is a key mapped to
   * {@code null}), asking every server at once.
   *
   * @param keys the keys to read
   * @return each key found, mapped to its value
   */
  Map<String, Object> getMulti(Collection<String> keys);

  /**
   * {@link #getMulti(Collection)} with every value as {@code type}, by the rules of {@link
   * #get(String, Class)}.
   *
   * @param <T> the type expected
   * @param keys the keys to read
   * @param type the class of the values expected
   * @return each key found, mapped to its value
   * @throws ValueTypeException naming the first key whose value is of another type, or an integer
   *     out of range
   */
  <T> Map<String, T> getMulti(Collection<String> keys, Class<T> type);

  /**
   * The value and its compare-and-set id, or {@code null} on a miss.
   *
   * @param key the key
   * @return the value with its cas id, or {@code null} on a miss
   */
  CasValue<Object> gets(String key);

  /**
   * Gets the value and sets a new TTL ({@code gat}); {@code null} on a miss.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return the value, or {@code null} on a miss
   */
  Object getAndTouch(String key, Duration ttl);

  /**
   * Gets the value with its cas id and sets a new TTL ({@code gats}); {@code null} on a miss.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return the value with its cas id, or {@code null} on a miss
   */
  CasValue<Object> getsAndTouch(String key, Duration ttl);
}
