package dev.memcache.java;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheCasConflictException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The writes of a {@link MemcacheClient}: stores, compare-and-set, deletes, bulk writes, counters,
 * touch, and {@code update} (a gets/cas loop). Each blocks until the server answered; a write that
 * finds the key in the wrong state ({@code add} of a present key, a lost {@code cas}) returns
 * {@code false}. For writes that do not wait for the reply, see {@link MemcacheClient#noReply()}.
 * Use it through {@link MemcacheClient}, which extends it.
 */
public interface WriteCommands {

  /**
   * Stores the value without expiry; {@code true} when stored.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @return {@code true} when stored
   */
  boolean set(String key, Object value);

  /**
   * Stores the value; {@code true} when stored.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored
   */
  boolean set(String key, Object value, Duration ttl);

  /**
   * Stores only if the key is absent; {@code false} when it exists.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key exists
   */
  boolean add(String key, Object value, Duration ttl);

  /**
   * Stores only if the key exists; {@code false} when it is absent.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} when the key is absent
   */
  boolean replace(String key, Object value, Duration ttl);

  /**
   * Appends bytes to an existing value (flags and TTL unchanged); {@code false} when absent.
   *
   * @param key the key
   * @param value the bytes to append, encoded by the client's value codec
   * @return {@code true} when appended, {@code false} when the key is absent
   */
  boolean append(String key, Object value);

  /**
   * Prepends bytes to an existing value (flags and TTL unchanged); {@code false} when absent.
   *
   * @param key the key
   * @param value the bytes to prepend, encoded by the client's value codec
   * @return {@code true} when prepended, {@code false} when the key is absent
   */
  boolean prepend(String key, Object value);

  /**
   * Stores only if the item still has cas id {@code cas}; {@code false} on a conflict or when
   * absent.
   *
   * @param key the key
   * @param value the value, encoded by the client's value codec
   * @param cas the cas id read with {@link ReadCommands#gets}
   * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
   * @return {@code true} when stored, {@code false} on a conflict or when the key is absent
   */
  boolean cas(String key, Object value, long cas, Duration ttl);

  /**
   * Deletes the key; {@code false} when it was absent.
   *
   * @param key the key
   * @return {@code true} when deleted, {@code false} when the key was absent
   */
  boolean delete(String key);

  /**
   * Stores every entry of {@code values} for {@code ttl}, pipelined: each server's keys are queued
   * at once and written together, the servers in parallel (as {@link ReadCommands#getMulti} reads).
   * Every key is validated and every value encoded first: a bad key or a value over {@code
   * maxValueSize} throws before anything is sent.
   *
   * <p>When a server fails (down, unreachable, timed out), the call throws its {@link
   * dev.memcache.core.MemcacheException} once every server has answered, as {@link
   * ReadCommands#getMulti} does; the other servers' keys are stored by then. Under {@link
   * dev.memcache.core.FailurePolicy#MISS} the call does not throw: that server's keys map to {@code
   * false}.
   *
   * @param values the keys and their values, encoded by the client's value codec
   * @param ttl how long the items live; {@link Duration#ZERO} means no expiry
   * @return every key, in the map's order, mapped to {@code true} when stored
   * @throws IllegalArgumentException for a bad key (a null key included), a value too large, or a
   *     negative {@code ttl}; nothing was sent then
   */
  Map<String, Boolean> setMulti(Map<String, ?> values, Duration ttl);

  /**
   * Deletes every key in {@code keys}, pipelined per server like {@link #setMulti}; a key named
   * twice is deleted once. Failures as for {@link #setMulti}.
   *
   * @param keys the keys to delete
   * @return every key, in order, mapped to {@code true} when deleted, {@code false} when it was
   *     absent (or, under {@link dev.memcache.core.FailurePolicy#MISS}, its server could not be
   *     reached)
   * @throws IllegalArgumentException for a bad key (a null key included); nothing was sent then
   */
  Map<String, Boolean> deleteMulti(Collection<String> keys);

  /**
   * Adds {@code delta} to a decimal value and returns the new value, or {@code null} when the key
   * is absent ("absent means absent"). Values are unsigned 64-bit and wrap at 2^64 (read a negative
   * result with {@link Long#toUnsignedString(long)}).
   *
   * <p>The result is a {@code Long} that may be null: {@code long v = incr(key, 1)} throws {@link
   * NullPointerException} on a missing key. For a counter that should start when absent, use {@link
   * #incr(String, long, long, Duration)}, which returns a {@code long}.
   *
   * @param key the key of a decimal value
   * @param delta the amount to add, not negative
   * @return the new value, or {@code null} when the key is absent
   * @throws IllegalArgumentException when {@code delta} is negative
   */
  Long incr(String key, long delta);

  /**
   * Subtracts {@code delta}, stopping at 0; returns the new value, or {@code null} when absent.
   * Like {@link #incr(String, long)}, the result may be null: see {@link #decr(String, long, long,
   * Duration)} for a counter that starts when absent.
   *
   * @param key the key of a decimal value
   * @param delta the amount to subtract, not negative
   * @return the new value, or {@code null} when the key is absent
   * @throws IllegalArgumentException when {@code delta} is negative
   */
  Long decr(String key, long delta);

  /**
   * Adds {@code delta} to a counter, creating it when absent: a missing counter is created holding
   * {@code initial} (living for {@code ttl}) and {@code initial} is returned, as binary memcached
   * does; an existing one gets {@code delta} added and keeps its TTL. Works on every protocol:
   * binary and meta have the command, text runs {@code incr}, {@code add}, {@code incr}, which
   * racing callers cannot double-initialise (one creates the counter, every other one counts on top
   * of it). The counter is stored as decimal ASCII under flags 0 (raw bytes) on every protocol.
   * Values are unsigned 64-bit and wrap at 2^64.
   *
   * <pre>{@code
   * long hits = cache.incr("hits:" + page, 1, 1, Duration.ofHours(1)); // 1 for the first hit
   * }</pre>
   *
   * @param key the counter's key
   * @param delta the amount to add, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl how long a counter created by this call lives; {@link Duration#ZERO} means no expiry
   * @return the new value, or {@code initial} when this call created the counter; under {@link
   *     dev.memcache.core.FailurePolicy#MISS} also {@code initial} when the server could not be
   *     reached (as for an absent counter)
   * @throws IllegalArgumentException when {@code delta}, {@code initial} or {@code ttl} is negative
   */
  long incr(String key, long delta, long initial, Duration ttl);

  /**
   * Subtracts {@code delta} from a counter, stopping at 0 (memcached never goes below zero),
   * creating it when absent: a missing counter is created holding {@code initial} (living for
   * {@code ttl}) and {@code initial} is returned, not {@code initial - delta}. Otherwise as {@link
   * #incr(String, long, long, Duration)}.
   *
   * @param key the counter's key
   * @param delta the amount to subtract, not negative
   * @param initial the value of a counter created by this call, not negative
   * @param ttl how long a counter created by this call lives; {@link Duration#ZERO} means no expiry
   * @return the new value (0 at least), or {@code initial} when this call created the counter;
   *     under {@link dev.memcache.core.FailurePolicy#MISS} also {@code initial} when the server
   *     could not be reached
   * @throws IllegalArgumentException when {@code delta}, {@code initial} or {@code ttl} is negative
   */
  long decr(String key, long delta, long initial, Duration ttl);

  /**
   * Sets a new TTL; {@code false} when the key is absent.
   *
   * @param key the key
   * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
   * @return {@code true} when touched, {@code false} when the key is absent
   */
  boolean touch(String key, Duration ttl);

  /**
   * Applies {@code update} to the current value and stores the result with gets/cas (or add, when
   * the key is absent), calling it again while other writers win, and returns what was stored.
   * {@code update} gets {@code null} when the key is absent (or holds {@code null}): handle it, for
   * example {@code (String v) -> v == null ? "first" : v + ";next"}. The current value is cast to
   * {@code T} unchecked.
   *
   * <p>It makes at most {@link ClientConfig#updateAttempts()} rounds (set with {@link
   * ClientConfig.Builder#updateAttempts(int)}; default {@value
   * ClientConfig#DEFAULT_UPDATE_ATTEMPTS}) and then throws {@link MemcacheCasConflictException}
   * naming the key and the attempts. Under {@link dev.memcache.core.FailurePolicy#MISS} an
   * unreachable server loses every round.
   *
   * @param <T> the type of the value
   * @param key the key
   * @param ttl how long the stored result lives; {@link Duration#ZERO} means no expiry
   * @param update computes the new value from the current one ({@code null} when absent); it may
   *     run more than once, and must not return {@code null}
   * @return the value stored
   * @throws MemcacheCasConflictException when every attempt lost to another writer
   * @throws IllegalArgumentException when {@code update} returns {@code null}
   */
  <T> T update(String key, Duration ttl, UnaryOperator<T> update);
}
