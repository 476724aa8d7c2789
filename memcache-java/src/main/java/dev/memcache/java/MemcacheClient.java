package dev.memcache.java;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.CasValue;
import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheCasConflictException;
import dev.memcache.core.ValueTypeException;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.java.internal.RealMemcacheClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A memcached client with blocking methods, meant for virtual threads: a caller parks while its
 * request is on the wire and many callers share each connection. One instance is thread-safe and
 * meant to be shared by the whole application; close it when done.
 *
 * <pre>{@code
 * try (MemcacheClient cache = MemcacheClient.builder().servers("127.0.0.1:11211").build()) {
 *   cache.set("greeting", "hello", Duration.ofMinutes(5));
 *   String s = cache.get("greeting", String.class);
 * }
 * }</pre>
 *
 * <p>Outcomes are values: a miss is {@code null}; an {@code add} that finds the key, or a lost
 * {@code cas}, is {@code false}. Failures are unchecked {@link
 * dev.memcache.core.MemcacheException}s naming the server and the operation. Bad keys and oversized
 * values throw {@link IllegalArgumentException}s before anything is sent.
 *
 * <p><b id="null-vs-miss">A stored null and a miss.</b> {@code null} (Python's {@code None}, which
 * python-memcached and the others store as a pickle) is a value like any other, so {@link
 * #get(String)} returns {@code null} both for a miss and for a stored {@code null}. When the
 * difference matters, read with {@link #getEntry(String)}: {@code null} on a miss, and a {@link
 * CacheEntry} on a hit, whose {@link CacheEntry#value() value()} is {@code null} when {@code null}
 * is stored. It costs the same single request as {@code get} (checking first with another call
 * would race with writers). In {@link #getMulti(Collection)} a stored {@code null} is a key mapped
 * to {@code null}, and a miss is an absent key. The future client and the Kotlin client follow the
 * same rule, with the same {@code getEntry}.
 *
 * <p><b id="typed-reads">Typed reads.</b> {@link #get(String, Class)}, {@link #getEntry(String,
 * Class)} and {@link #getMulti(Collection, Class)} return a value that is an instance of the class
 * as is, and convert integers: the codec reads a Python {@code int} as a {@code Long} (a {@code
 * BigInteger} beyond 64 bits), and asking for {@code Integer}, {@code Short}, {@code Byte}, {@code
 * Long} or {@code BigInteger} converts it when it fits. Anything else (another type, or an integer
 * out of range) throws {@link ValueTypeException} naming the key, the stored type and the requested
 * type. No other conversion is made: a {@code Boolean} is not an integer, an integer not a {@code
 * Double}, bytes not a {@code String}. A primitive class ({@code int.class}) means its wrapper.
 *
 * <p>Timeouts, interrupts and cancellations never desynchronise a connection: an abandoned
 * request's late reply is read and dropped, so every reply reaches its own caller. A TTL of zero
 * means "never expires"; a TTL over 30 days is sent as an absolute time, as memcached requires.
 */
public interface MemcacheClient extends AutoCloseable {

  /**
   * A builder; {@code servers(...)} is required, everything else has a documented default.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * A client for {@code config}.
   *
   * @param config the settings, as built by {@link ClientConfig.Builder}
   * @return a client that connects lazily, on the first request to each server
   */
  static MemcacheClient create(ClientConfig config) {
    return new RealMemcacheClient(config);
  }

  /**
   * The value stored under {@code key}, decoded by the value codec, or {@code null} on a miss.
   *
   * @param key the key
   * @return the value, or {@code null} on a miss
   */
  Object get(String key);

  /**
   * The value under {@code key} as {@code type} (see <a href="#typed-reads">typed reads</a>: a
   * stored Python {@code int} reads as {@code Integer.class} when it fits), or {@code null} on a
   * miss.
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
   * when {@code null} (Python {@code None}) is stored; see <a href="#null-vs-miss">a stored null
   * and a miss</a>.
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
   * @param cas the cas id read with {@link #gets}
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
   * at once and written together, the servers in parallel (as {@link #getMulti} reads). Every key
   * is validated and every value encoded first: a bad key or a value over {@code maxValueSize}
   * throws before anything is sent.
   *
   * <p>When a server fails (down, unreachable, timed out), the call throws its {@link
   * dev.memcache.core.MemcacheException} once every server has answered, as {@link #getMulti} does;
   * the other servers' keys are stored by then. Under {@link dev.memcache.core.FailurePolicy#MISS}
   * the call does not throw: that server's keys map to {@code false}.
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

  /**
   * Invalidates every item on every server.
   *
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   * @throws IllegalStateException when this client is closed
   */
  boolean flushAll();

  /**
   * Invalidates every item on every server after {@code delay}. Like a TTL, a delay over 30 days is
   * sent as an absolute Unix time (clamped at 2^31-1), which memcached reads as such.
   *
   * @param delay how long to wait before the flush; zero (or null) for now
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   * @throws IllegalArgumentException when {@code delay} is negative
   * @throws IllegalStateException when this client is closed
   */
  boolean flushAll(Duration delay);

  /**
   * General statistics per server ({@code "host:port"} to name to value).
   *
   * @return for each server ({@code "host:port"}), its statistics by name
   */
  Map<String, Map<String, String>> stats();

  /**
   * A statistics group per server, such as {@code "items"}, {@code "slabs"} or {@code "settings"}.
   *
   * @param group the group's name, as memcached's {@code stats} command takes it
   * @return for each server ({@code "host:port"}), the group's statistics by name
   */
  Map<String, Map<String, String>> stats(String group);

  /**
   * The version of each server.
   *
   * @return for each server ({@code "host:port"}), its version
   */
  Map<String, String> version();

  /**
   * Sets the server log verbosity on every server.
   *
   * @param level the verbosity, 0 (quiet) and up
   */
  void verbosity(int level);

  /**
   * Writes whose caller does not wait for the reply ({@code noreply}).
   *
   * @return the noreply view of this client
   */
  NoReply noReply();

  /**
   * The commands only the meta protocol has: stale-while-revalidate ({@link
   * MetaCommands#getOrCompute}), invalidation, counters with an initial value. Throws {@link
   * UnsupportedOperationException} unless the client was built with {@code
   * protocol(Protocol.META)}.
   *
   * @return the meta commands of this client
   * @throws UnsupportedOperationException unless the client speaks the meta protocol
   */
  MetaCommands meta();

  /**
   * The same operations returning futures.
   *
   * @return the future-returning view of this client
   */
  MemcacheAsyncClient async();

  /**
   * Values as JSON through Jackson 3 ({@link JsonCommands}), stored as UTF-8 text under flags 16 as
   * the Kotlin client and Python clients read it. Needs {@code tools.jackson.core:jackson-databind}
   * on the classpath (an optional dependency of this module); the other methods of this client
   * never load Jackson.
   *
   * @return the JSON view of this client, with the default mapper
   * @throws NoClassDefFoundError when Jackson is not on the classpath
   */
  JsonCommands json();

  /**
   * A view of this client that stores and reads values with {@code codec} instead of the configured
   * one (for example Protocol Buffers or Jackson for some keys), over the same connections. The
   * view's {@link #async()}, {@link #noReply()} and {@link #meta()} use {@code codec} too, and its
   * {@link #config()} names it; everything else is this client's.
   *
   * <p>Closing the view does nothing: the connections belong to the client they were built with,
   * and the view fails like it once that client is closed. Views are cheap; keep one per codec.
   *
   * @param codec the codec that encodes and decodes values in the view
   * @return a view over this client's connections
   */
  MemcacheClient withValueCodec(ValueCodec codec);

  /**
   * The settings this client was built with (for a view, with the view's value codec).
   *
   * @return the client's settings
   */
  ClientConfig config();

  /**
   * Closes every connection, after writing the noreply writes still queued; requests in flight fail
   * with a connection error. Every call made afterwards, on this client and on the views, {@link
   * #async()}, {@link #noReply()} and {@link #meta()} commands made from it, throws {@link
   * IllegalStateException} ("client is closed") whatever the failure policy: a closed client is a
   * bug in the caller, never a cache miss. Does nothing on a view made by {@link #withValueCodec}.
   */
  @Override
  void close();

  /**
   * Writes whose reply is not awaited ({@code noreply}): each returns once its request is queued on
   * its connection. A lone one is written at once; a burst goes out in batches, its last requests
   * within a few milliseconds (or sooner, with the next request on the connection that awaits a
   * reply, which goes after them). A server known to be down still throws; what the server did is
   * not reported. Use them for cache fills that may be lost.
   */
  interface NoReply {
    /**
     * Queues a {@link MemcacheClient#set(String, Object, Duration) set}.
     *
     * @param key the key
     * @param value the value, encoded by the client's value codec
     * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
     */
    void set(String key, Object value, Duration ttl);

    /**
     * Queues an {@link MemcacheClient#add add}.
     *
     * @param key the key
     * @param value the value, encoded by the client's value codec
     * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
     */
    void add(String key, Object value, Duration ttl);

    /**
     * Queues a {@link MemcacheClient#replace replace}.
     *
     * @param key the key
     * @param value the value, encoded by the client's value codec
     * @param ttl how long the item lives; {@link Duration#ZERO} means no expiry
     */
    void replace(String key, Object value, Duration ttl);

    /**
     * Queues an {@link MemcacheClient#append append}.
     *
     * @param key the key
     * @param value the bytes to append, encoded by the client's value codec
     */
    void append(String key, Object value);

    /**
     * Queues a {@link MemcacheClient#prepend prepend}.
     *
     * @param key the key
     * @param value the bytes to prepend, encoded by the client's value codec
     */
    void prepend(String key, Object value);

    /**
     * Queues a {@link MemcacheClient#delete delete}.
     *
     * @param key the key
     */
    void delete(String key);

    /**
     * Queues a {@link MemcacheClient#setMulti setMulti}: every entry, each server's share written
     * in one batch (binary and meta use their quiet commands). Bad input throws before anything is
     * queued.
     *
     * @param values the keys and their values, encoded by the client's value codec
     * @param ttl how long the items live; {@link Duration#ZERO} means no expiry
     */
    void setMulti(Map<String, ?> values, Duration ttl);

    /**
     * Queues a {@link MemcacheClient#deleteMulti deleteMulti}.
     *
     * @param keys the keys to delete
     */
    void deleteMulti(Collection<String> keys);

    /**
     * Queues an {@link MemcacheClient#incr incr}.
     *
     * @param key the key of a decimal value
     * @param delta the amount to add
     */
    void incr(String key, long delta);

    /**
     * Queues a {@link MemcacheClient#decr decr}.
     *
     * @param key the key of a decimal value
     * @param delta the amount to subtract
     */
    void decr(String key, long delta);

    /**
     * Queues a {@link MemcacheClient#touch touch}.
     *
     * @param key the key
     * @param ttl the item's new time to live; {@link Duration#ZERO} means no expiry
     */
    void touch(String key, Duration ttl);
  }

  /**
   * Settings for a {@link MemcacheClient}: the setters of {@link ClientConfig.Builder}, each
   * starting at its {@code ClientConfig.DEFAULT_*} constant, and {@link #build()}.
   */
  final class Builder extends ClientConfig.Builder<Builder> {
    Builder() {}

    /**
     * The client; it connects lazily, on the first request to each server.
     *
     * @return a new client over these settings
     */
    public MemcacheClient build() {
      return new RealMemcacheClient(buildConfig());
    }
  }
}
