package dev.memcache.java;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.ClientConfig;
import dev.memcache.core.ValueTypeException;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.java.internal.RealMemcacheClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

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
 * <p>The operations are declared by family in the interfaces this one extends: {@link
 * ReadCommands}, {@link WriteCommands} and {@link ServerCommands}; this interface adds the views
 * ({@link #noReply()}, {@link #meta()}, {@link #async()}, {@link #json()}, {@link #withValueCodec})
 * and the lifecycle. Code names {@code MemcacheClient} only.
 *
 * <p>Timeouts, interrupts and cancellations never desynchronise a connection: an abandoned
 * request's late reply is read and dropped, so every reply reaches its own caller. A TTL of zero
 * means "never expires"; a TTL over 30 days is sent as an absolute time, as memcached requires.
 */
public interface MemcacheClient extends ReadCommands, WriteCommands, ServerCommands, AutoCloseable {

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
