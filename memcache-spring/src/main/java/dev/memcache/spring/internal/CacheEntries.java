package dev.memcache.spring.internal;

import dev.memcache.core.MemcacheInterruptedException;
import dev.memcache.core.codec.CachedValue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * The entries of one {@code MemcacheCache} under their stored keys: reads, writes, and loading once
 * per key (in this process with {@link SingleFlight}, across processes with the {@link AddLock}).
 * The cache maps Spring keys to stored keys and calls these. Thread-safe.
 */
public final class CacheEntries {
  private final CacheSettings s;
  private final SingleFlight loading = new SingleFlight();
  private final SingleFlight retrieving = new SingleFlight();

  /**
   * The entries of the cache built from {@code settings}.
   *
   * @param settings the cache's settings
   */
  public CacheEntries(CacheSettings settings) {
    this.s = settings;
  }

  /**
   * The entry stored under {@code stored}, or {@code null} on a miss.
   *
   * @param stored the memcached key
   * @param type the type to read JSON as, or null
   * @return a wrapper of the value, or {@code null} on a miss
   */
  public ValueWrapper read(String stored, Class<?> type) {
    Object raw = s.raw().get(stored);
    if (raw == null) return null;
    return new SimpleValueWrapper(s.format().decode(stored, (CachedValue) raw, type));
  }

  /**
   * Stores {@code value} under {@code stored} with the cache's TTL.
   *
   * @param stored the memcached key
   * @param value the value (null only when allowed)
   */
  public void write(String stored, Object value) {
    s.raw().set(stored, encode(value), s.ttl());
  }

  /**
   * {@code value} in the cache's format, checked for null first.
   *
   * @param value the value
   * @return its stored form
   */
  public CachedValue encode(Object value) {
    return s.format().encode(checkNull(value));
  }

  /**
   * {@code value}, unless it is null and null values are not allowed.
   *
   * @param value the value
   * @return {@code value}
   * @throws IllegalArgumentException when {@code value} is null and null values are not allowed
   */
  public Object checkNull(Object value) {
    if (value == null && !s.allowNullValues())
      throw new IllegalArgumentException(
          "Cache '" + s.name() + "' is configured to not allow null values but null was provided");
    return value;
  }

  /**
   * What {@code loader} returns, a failure wrapped as Spring's {@link ValueRetrievalException}.
   *
   * @param key the Spring key
   * @param loader the loader
   * @return the loaded value
   */
  public static Object call(Object key, Callable<?> loader) {
    try {
      return loader.call();
    } catch (Exception e) {
      throw new ValueRetrievalException(key, loader, e);
    }
  }

  /**
   * The value under {@code stored}, loaded by {@code valueLoader} and stored on a miss: one loader
   * per key at a time in this process, and across processes for the holder of {@code lockKey}.
   *
   * @param key the Spring key (for failures)
   * @param stored the memcached key
   * @param lockKey the key of the cross-process lock
   * @param valueLoader computes the value on a miss
   * @return the cached or loaded value
   */
  public Object load(Object key, String stored, String lockKey, Callable<?> valueLoader) {
    ValueWrapper found = read(stored, null);
    if (found != null) return found.get();
    Supplier<RuntimeException> interrupted =
        () ->
            new ValueRetrievalException(
                key,
                valueLoader,
                new MemcacheInterruptedException("interrupted while waiting for another loader"));
    AddLock.Entry<Object> entry =
        new AddLock.Entry<>() {
          @Override
          public AddLock.Holder<Object> read() {
            ValueWrapper w = CacheEntries.this.read(stored, null);
            return w == null ? null : new AddLock.Holder<>(w.get());
          }

          @Override
          public Object loadAndStore() {
            Object loaded = checkNull(call(key, valueLoader));
            write(stored, loaded);
            return loaded;
          }
        };
    return loading.run(stored, () -> s.lock().load(lockKey, entry, interrupted), interrupted);
  }

  /**
   * As {@link #load} without blocking: the cached value under the current generation, or the value
   * of the future {@code valueLoader} gives, stored before the returned future completes.
   *
   * @param mapped the Spring key as mapped by the cache's key layout
   * @param valueLoader gives the future of the value on a miss
   * @return the future of the value
   */
  public CompletableFuture<Object> retrieve(
      String mapped, Supplier<CompletableFuture<Object>> valueLoader) {
    return s.generation()
        .currentAsync()
        .thenCompose(
            generation -> {
              if (generation == Generation.UNAVAILABLE)
                return valueLoader.get().thenApply(this::checkNull);
              String stored = s.keys().entry(generation, mapped);
              return s.raw()
                  .async()
                  .get(stored)
                  .thenCompose(
                      v ->
                          v != null
                              ? CompletableFuture.completedFuture(
                                  s.format().decode(stored, (CachedValue) v, null))
                              : loadOnce(stored, s.keys().lock(mapped), valueLoader));
            });
  }

  private CompletableFuture<Object> loadOnce(
      String stored, String lockKey, Supplier<CompletableFuture<Object>> valueLoader) {
    AddLock.AsyncEntry<Object> entry =
        new AddLock.AsyncEntry<>() {
          @Override
          public CompletableFuture<AddLock.Holder<Object>> read() {
            return s.raw()
                .async()
                .get(stored)
                .thenApply(
                    v ->
                        v == null
                            ? null
                            : new AddLock.Holder<>(
                                s.format().decode(stored, (CachedValue) v, null)));
          }

          @Override
          public CompletableFuture<Object> loadAndStore() {
            return valueLoader
                .get()
                .thenCompose(
                    value ->
                        s.raw().async().set(stored, encode(value), s.ttl()).thenApply(ok -> value));
          }
        };
    return retrieving.runAsync(stored, () -> s.lock().loadAsync(lockKey, entry));
  }
}
