package dev.memcache.spring;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.internal.CacheEntries;
import dev.memcache.spring.internal.CacheSettings;
import dev.memcache.spring.internal.Generation;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} stored in memcached, made by {@link MemcacheCacheManager}. Thread-safe.
 *
 * <h2>Keys</h2>
 *
 * An entry is stored under {@code <prefix><cacheName>:<generation>:<key>}, after the client's own
 * key prefix: {@code prefix} is the manager's {@linkplain MemcacheCacheManager.Builder#keyPrefix
 * key prefix}, {@code generation} the cache's namespace generation (a decimal number, below) and
 * {@code key} the Spring key's {@code toString()}. A key that is not printable ASCII without
 * spaces, that starts with {@code '#'}, or that would make the whole key longer than memcached's
 * 250 bytes with a 20-digit generation, is stored as {@code '#'} followed by the unpadded base64url
 * SHA-256 of its UTF-8 bytes (44 characters): {@code "SimpleKey [1, 2]"} (two arguments) and a
 * 300-character key both work. Keys are never mapped differently from one generation to the next.
 * {@link #storedKey} gives the key an entry has now. A cache name must be printable ASCII without
 * spaces or {@code ':'}.
 *
 * <h2>Clearing</h2>
 *
 * {@link #clear()} never flushes the server: it increments the cache's generation counter, stored
 * under {@code <prefix><cacheName>:gen} without expiry, so the entries of earlier generations are
 * no longer found and memcached evicts them as memory is needed. Other caches and other
 * applications' keys are untouched. A missing counter is created at the current time in
 * microseconds, so one evicted by memcached never brings back an earlier generation.
 *
 * <p>Each cache keeps the generation it read for {@linkplain
 * MemcacheCacheManager.Builder#generationCacheTtl a short time} (1 second by default), which saves
 * a round trip on every operation. The trade-off: a {@code clear()} made through this cache is seen
 * by it at once, but other processes sharing the cache may still read, and write to, the cleared
 * generation until their copy is that old. Set it to zero to read the counter on every operation
 * (two round trips per get, a clear seen everywhere at once).
 *
 * <h2>Values</h2>
 *
 * Values go through the client's value codec (Python-compatible by default: an {@code Integer}
 * reads back as a {@code Long}, a {@code List} as an {@code ArrayList}, and objects the codec
 * cannot encode fail with {@link IllegalArgumentException}), or as JSON read as a type when the
 * manager was built with {@linkplain MemcacheCacheManager.Builder#jsonValues(Class) JSON values}. A
 * null value, when {@linkplain MemcacheCacheManager.Builder#allowNullValues allowed}, is stored as
 * the format writes null (a pickled {@code None}, JSON {@code null}), or as an empty value under
 * flags {@code 0x40} when the codec cannot write null; it is read back as a {@link ValueWrapper}
 * holding null, never as a miss. When null values are not allowed, storing null throws {@link
 * IllegalArgumentException}, as Spring's own caches do.
 *
 * <h2>Loading</h2>
 *
 * {@link #get(Object, Callable)} runs one loader per key at a time in this process (other threads
 * wait for its value) and, across processes, only in the one whose memcached {@code add} of the
 * lock key {@code <prefix><cacheName>:lock:<key>} succeeds; the others poll for the value until it
 * appears, or load themselves after {@linkplain MemcacheCacheManager.Builder#lockWait the lock
 * wait}. The lock expires after {@linkplain MemcacheCacheManager.Builder#lockTtl its TTL}, so a
 * process that dies while loading delays the others by at most that long. {@link #retrieve(Object,
 * Supplier)} does the same without blocking: it uses the client's futures and waits with a delayed
 * executor.
 *
 * <h2>Failures</h2>
 *
 * Every operation follows the client's {@link dev.memcache.core.FailurePolicy}: under {@code
 * FAIL_FAST} (the default) an unreachable server throws a {@link
 * dev.memcache.core.MemcacheException}, which Spring passes to the application's {@link
 * org.springframework.cache.interceptor.CacheErrorHandler} (by default rethrown to the caller);
 * under {@code MISS} reads are misses, writes and clears are dropped, and {@code get(key, loader)}
 * calls the loader.
 */
public final class MemcacheCache implements Cache {
  private final CacheSettings s;
  private final CacheEntries entries;

  MemcacheCache(CacheSettings settings) {
    this.s = settings;
    this.entries = new CacheEntries(settings);
  }

  /**
   * The cache name.
   *
   * @return the name this cache was made with
   */
  @Override
  public String getName() {
    return s.name();
  }

  /**
   * The client this cache stores in.
   *
   * @return the {@link MemcacheClient} given to the manager
   */
  @Override
  public MemcacheClient getNativeCache() {
    return s.client();
  }

  /**
   * How long this cache's entries live.
   *
   * @return the TTL; {@link Duration#ZERO} means no expiry
   */
  public Duration ttl() {
    return s.ttl();
  }

  /**
   * The memcached key the entry for {@code key} has in the current generation (before the client's
   * own key prefix), as the class description lays it out. Reads the generation when this cache's
   * copy is too old.
   *
   * @param key the Spring key
   * @return the memcached key, or {@code null} when the generation could not be read (an outage
   *     under the {@code MISS} failure policy)
   * @throws IllegalArgumentException when {@code key} is null
   */
  public String storedKey(Object key) {
    return stored(s.keys().mapped(key)); // a bad key fails before anything is sent
  }

  private String stored(String mapped) {
    long generation = s.generation().current();
    return generation == Generation.UNAVAILABLE ? null : s.keys().entry(generation, mapped);
  }

  /**
   * The entry for {@code key}.
   *
   * @param key the Spring key
   * @return a wrapper of the value (whose content is null for a cached null), or {@code null} on a
   *     miss
   */
  @Override
  public ValueWrapper get(Object key) {
    String stored = storedKey(key);
    return stored == null ? null : entries.read(stored, null);
  }

  /**
   * The value for {@code key} as {@code type}; in JSON mode it is read as {@code type}.
   *
   * @param <T> the type
   * @param key the Spring key
   * @param type the type expected, or null for any
   * @return the value, or {@code null} on a miss or for a cached null
   * @throws IllegalStateException when the value is not a {@code type}
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Class<T> type) {
    String stored = storedKey(key);
    ValueWrapper found = stored == null ? null : entries.read(stored, type);
    Object value = found == null ? null : found.get();
    if (value != null && type != null && !type.isInstance(value))
      throw new IllegalStateException(
          "Cached value is not of required type [" + type.getName() + "]: " + value);
    return (T) value;
  }

  /**
   * The value for {@code key}, loaded by {@code valueLoader} and stored on a miss; one loader per
   * key runs at a time, in this process and across processes (see the class description).
   *
   * @param <T> the type
   * @param key the Spring key
   * @param valueLoader computes the value on a miss
   * @return the cached or loaded value
   * @throws ValueRetrievalException when the loader throws
   * @throws IllegalArgumentException when the loader returns null and null values are not allowed
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    String mapped = s.keys().mapped(key);
    String stored = stored(mapped);
    if (stored == null) // no server: load, no store
    return (T) entries.checkNull(CacheEntries.call(key, valueLoader));
    return (T) entries.load(key, stored, s.keys().lock(mapped), valueLoader);
  }

  /**
   * The entry for {@code key} as a future, without blocking. It completes with a {@link
   * ValueWrapper} when null values are allowed (holding null for a cached null), with the plain
   * value when they are not, and with {@code null} on a miss.
   *
   * @param key the Spring key
   * @return the future of the entry
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    String mapped;
    try {
      mapped = s.keys().mapped(key);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return s.generation()
        .currentAsync()
        .thenCompose(
            generation -> {
              if (generation == Generation.UNAVAILABLE)
                return CompletableFuture.completedFuture(null);
              String stored = s.keys().entry(generation, mapped);
              return s.raw().async().get(stored).thenApply(v -> asRetrieved(stored, v));
            });
  }

  private Object asRetrieved(String stored, Object raw) {
    if (raw == null) return null;
    Object value = s.format().decode(stored, (CachedValue) raw, null);
    return s.allowNullValues() ? new SimpleValueWrapper(value) : value;
  }

  /**
   * The value for {@code key} as a future: the cached one, or on a miss the value of the future
   * {@code valueLoader} gives, stored before the returned future completes. One loader per key runs
   * at a time, in this process and across processes, as for {@link #get(Object, Callable)}; never
   * blocks.
   *
   * @param <T> the type
   * @param key the Spring key
   * @param valueLoader gives the future of the value on a miss
   * @return the future of the value; it fails as the loader's future fails, with {@link
   *     IllegalArgumentException} when that gives null and null values are not allowed, and with a
   *     client failure under {@code FAIL_FAST}
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    String mapped;
    try {
      mapped = s.keys().mapped(key);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return (CompletableFuture<T>)
        entries.retrieve(mapped, (Supplier<CompletableFuture<Object>>) (Supplier<?>) valueLoader);
  }

  /**
   * Stores {@code value} under {@code key} with this cache's TTL.
   *
   * @param key the Spring key
   * @param value the value; null is stored as a cached null when allowed
   * @throws IllegalArgumentException when {@code value} is null and null values are not allowed, or
   *     the value cannot be encoded
   */
  @Override
  public void put(Object key, Object value) {
    CachedValue encoded = entries.encode(value);
    String stored = storedKey(key);
    if (stored != null) s.raw().set(stored, encoded, s.ttl());
  }

  /**
   * Stores {@code value} only when {@code key} has no entry (memcached {@code add}).
   *
   * @param key the Spring key
   * @param value the value; null is stored as a cached null when allowed
   * @return {@code null} when stored, else a wrapper of the entry found (whose content is null for
   *     a cached null)
   * @throws IllegalArgumentException when {@code value} is null and null values are not allowed, or
   *     the value cannot be encoded
   */
  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    CachedValue encoded = entries.encode(value);
    String stored = storedKey(key);
    if (stored == null) return null;
    // The entry found may expire or be evicted before it is read: then try the add again.
    for (int attempt = 0; attempt < 3; attempt++) {
      if (s.raw().add(stored, encoded, s.ttl())) return null;
      ValueWrapper found = entries.read(stored, null);
      if (found != null) return found;
    }
    return null;
  }

  /**
   * Deletes the entry for {@code key}, at once.
   *
   * @param key the Spring key
   */
  @Override
  public void evict(Object key) {
    evictIfPresent(key);
  }

  /**
   * Deletes the entry for {@code key}, at once.
   *
   * @param key the Spring key
   * @return {@code true} when an entry was deleted
   */
  @Override
  public boolean evictIfPresent(Object key) {
    String stored = storedKey(key);
    return stored != null && s.raw().delete(stored);
  }

  /**
   * Empties this cache, at once, by moving it to a new generation (see the class description);
   * other caches and other keys on the server are untouched.
   */
  @Override
  public void clear() {
    s.generation().advance();
  }

  /**
   * {@link #clear()}: the entries are gone at once.
   *
   * @return {@code false}: memcached cannot tell whether the cache held entries
   */
  @Override
  public boolean invalidate() {
    clear();
    return false;
  }

  @Override
  public String toString() {
    return "MemcacheCache[" + s.name() + ", ttl=" + s.ttl() + ", " + s.format() + "]";
  }
}
