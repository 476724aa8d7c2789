package dev.memcache.spring;

import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.internal.AddLock;
import dev.memcache.spring.internal.CacheKeys;
import dev.memcache.spring.internal.CacheSettings;
import dev.memcache.spring.internal.Generation;
import dev.memcache.spring.internal.JsonFormat;
import dev.memcache.spring.internal.RawCodec;
import dev.memcache.spring.internal.ValueFormat;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches ({@link MemcacheCache}) live in memcached, through one
 * {@link MemcacheClient}. Thread-safe.
 *
 * <pre>{@code
 * @Bean MemcacheClient memcacheClient() {
 *   return MemcacheClient.builder().servers("10.0.0.1:11211", "10.0.0.2:11211").build();
 * }
 * @Bean CacheManager cacheManager(MemcacheClient client) {
 *   return MemcacheCacheManager.builder(client)
 *       .keyPrefix("shop:")
 *       .defaultTtl(Duration.ofMinutes(10))
 *       .ttl("prices", Duration.ofSeconds(30))
 *       .build();
 * }
 * }</pre>
 *
 * <p>Values go through the client's value codec, which the Python clients read: strings, numbers,
 * byte arrays, lists, maps. For domain objects choose {@linkplain Builder#jsonValues(String, Class)
 * JSON values} (the codec refuses what it cannot pickle, and Spring reports that through its {@code
 * CacheErrorHandler}).
 *
 * <p>Caches are made on first use, or only those named by {@link Builder#cacheNames}. The manager
 * does not own the client: close the client when the application stops (a Spring bean's {@code
 * close()} is called for you). See {@link MemcacheCache} for the key layout, clearing, values,
 * loading and failures.
 */
public final class MemcacheCacheManager implements CacheManager {
  private final Builder settings;
  private final MemcacheClient raw;
  private final Map<String, MemcacheCache> caches = new ConcurrentHashMap<>();
  private final Set<String> names = Collections.synchronizedSet(new LinkedHashSet<>());
  private final boolean fixed;

  private MemcacheCacheManager(Builder b) {
    this.settings = b;
    this.raw = b.client.withValueCodec(RawCodec.INSTANCE);
    this.fixed = b.cacheNames != null;
    if (fixed) for (String name : b.cacheNames) caches.put(name, create(name));
  }

  /**
   * A builder for a manager over {@code client}.
   *
   * @param client the client the caches store in; values go through its value codec unless JSON is
   *     chosen
   * @return a new builder
   * @throws NullPointerException when {@code client} is null
   */
  public static Builder builder(MemcacheClient client) {
    return new Builder(Objects.requireNonNull(client, "client"));
  }

  /**
   * The cache called {@code name}, made on first use unless the names were fixed.
   *
   * @param name the cache name
   * @return the cache, or {@code null} when the names were fixed and {@code name} is not one of
   *     them
   * @throws IllegalArgumentException when a cache cannot be made with {@code name} (null, not
   *     printable ASCII, holds a space or ':', or too long with the key prefix)
   */
  @Override
  public Cache getCache(String name) {
    if (name == null) throw new IllegalArgumentException("cache name must not be null");
    if (fixed) return caches.get(name);
    MemcacheCache cache = caches.get(name);
    return cache != null ? cache : caches.computeIfAbsent(name, this::create);
  }

  /**
   * The names of the caches this manager has, in the order they were made.
   *
   * @return an unmodifiable copy of the names
   */
  @Override
  public Collection<String> getCacheNames() {
    synchronized (names) {
      return List.copyOf(names);
    }
  }

  private MemcacheCache create(String name) {
    Builder b = settings;
    CacheKeys keys = new CacheKeys(b.client.config().keyPrefix(), b.keyPrefix, name);
    Class<?> jsonType = b.jsonTypes.getOrDefault(name, b.jsonType);
    // JsonFormat is the only class that loads Jackson, an optional dependency.
    ValueFormat format = ValueFormat.of(b.client.config().valueCodec());
    if (jsonType != null) format = new JsonFormat(b.client, b.jsonMapper, jsonType);
    MemcacheCache cache =
        new MemcacheCache(
            new CacheSettings(
                name,
                b.client,
                raw,
                keys,
                new Generation(raw, keys.generation(), b.generationCacheTtl),
                new AddLock(raw, b.lockTtl, b.lockWait),
                format,
                b.ttls.getOrDefault(name, b.defaultTtl),
                b.allowNullValues));
    names.add(name);
    return cache;
  }

  @Override
  public String toString() {
    return "MemcacheCacheManager" + getCacheNames();
  }

  /** Settings for a {@link MemcacheCacheManager}; each has a documented default. */
  public static final class Builder {
    private final MemcacheClient client;
    private Duration defaultTtl = Duration.ZERO;
    private final Map<String, Duration> ttls = new HashMap<>();
    private String keyPrefix = "";
    private boolean allowNullValues = true;
    private Set<String> cacheNames;
    private Duration generationCacheTtl = Duration.ofSeconds(1);
    private Duration lockTtl = Duration.ofSeconds(10);
    private Duration lockWait = Duration.ofSeconds(10);
    private Class<?> jsonType;
    private final Map<String, Class<?>> jsonTypes = new HashMap<>();
    private Object jsonMapper;

    private Builder(MemcacheClient client) {
      this.client = client;
    }

    /**
     * The TTL of entries in caches without their own; default {@link Duration#ZERO}, never expire.
     *
     * @param ttl the TTL; zero means no expiry, a fraction of a second rounds up
     * @return this builder
     * @throws IllegalArgumentException when {@code ttl} is null or negative
     */
    public Builder defaultTtl(Duration ttl) {
      this.defaultTtl = nonNegative(ttl, "defaultTtl");
      return this;
    }

    /**
     * The TTL of entries in the cache called {@code cacheName}.
     *
     * @param cacheName the cache name
     * @param ttl the TTL; zero means no expiry, a fraction of a second rounds up
     * @return this builder
     * @throws IllegalArgumentException when {@code cacheName} is null or {@code ttl} is null or
     *     negative
     */
    public Builder ttl(String cacheName, Duration ttl) {
      ttls.put(name(cacheName), nonNegative(ttl, "ttl"));
      return this;
    }

    /**
     * Put before every key of every cache (after the client's own prefix); default none. End it
     * with a separator ({@code "shop:"}), and give each application one that does not start
     * another's, so that no two applications' keys meet.
     *
     * @param prefix printable ASCII without spaces; empty for none
     * @return this builder
     * @throws IllegalArgumentException when {@code prefix} is null, or holds a space, a control or
     *     a non-ASCII character
     */
    public Builder keyPrefix(String prefix) {
      new CacheKeys("", prefix, "x"); // validates the prefix alone; names are checked per cache
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * Whether null values are cached (as a marker read back as a null value); default {@code true}.
     * When not, storing null throws {@link IllegalArgumentException}.
     *
     * @param allow whether null values are cached
     * @return this builder
     */
    public Builder allowNullValues(boolean allow) {
      this.allowNullValues = allow;
      return this;
    }

    /**
     * A fixed set of caches, made when the manager is built; {@link #getCache} returns {@code null}
     * for any other name. When not set, caches are made on first use.
     *
     * @param names the cache names
     * @return this builder
     * @throws IllegalArgumentException when {@code names} or one of them is null
     */
    public Builder cacheNames(Collection<String> names) {
      if (names == null) throw new IllegalArgumentException("cacheNames must not be null");
      Set<String> copy = new LinkedHashSet<>();
      for (String n : names) copy.add(name(n));
      this.cacheNames = copy;
      return this;
    }

    /**
     * How long a cache uses the namespace generation it read before reading it again; default 1
     * second. Zero reads it on every operation. See {@link MemcacheCache} for the trade-off.
     *
     * @param ttl how long a generation read is used
     * @return this builder
     * @throws IllegalArgumentException when {@code ttl} is null or negative
     */
    public Builder generationCacheTtl(Duration ttl) {
      this.generationCacheTtl = nonNegative(ttl, "generationCacheTtl");
      return this;
    }

    /**
     * How long the cross-process lock of {@link MemcacheCache#get(Object,
     * java.util.concurrent.Callable)} lives, so that a process that dies while loading does not
     * hold it forever; default 10 seconds. Choose more than a load takes.
     *
     * @param ttl the lock's TTL, at least one second
     * @return this builder
     * @throws IllegalArgumentException when {@code ttl} is null or under a second
     */
    public Builder lockTtl(Duration ttl) {
      if (ttl == null || ttl.compareTo(Duration.ofSeconds(1)) < 0)
        throw new IllegalArgumentException("lockTtl must be at least 1 second, was " + ttl);
      this.lockTtl = ttl;
      return this;
    }

    /**
     * How long a process waits for another process's load of the same key before it loads itself;
     * default 10 seconds.
     *
     * @param wait the longest wait; zero loads at once when another process holds the lock
     * @return this builder
     * @throws IllegalArgumentException when {@code wait} is null or negative
     */
    public Builder lockWait(Duration wait) {
      this.lockWait = nonNegative(wait, "lockWait");
      return this;
    }

    /**
     * Stores values as JSON text (flags 16, as the client's {@code json()} view writes them) and
     * reads them as {@code type} in every cache without its own type, instead of going through the
     * client's value codec. Needs Jackson 3 ({@code tools.jackson.core:jackson-databind}). {@code
     * Object.class} reads JSON as maps, lists, strings and numbers; with a {@link #jsonMapper} that
     * has default typing ({@code activateDefaultTyping(validator, DefaultTyping.JAVA_LANG_OBJECT)})
     * values are written as {@code Object}, with their type, and read back as what they were.
     * {@code get(key, type)} reads as {@code type} whatever the cache's type.
     *
     * @param type the type values are read as
     * @return this builder
     * @throws IllegalArgumentException when {@code type} is null
     */
    public Builder jsonValues(Class<?> type) {
      if (type == null) throw new IllegalArgumentException("JSON type must not be null");
      this.jsonType = type;
      return this;
    }

    /**
     * Stores the values of the cache called {@code cacheName} as JSON read as {@code type}; see
     * {@link #jsonValues(Class)}.
     *
     * @param cacheName the cache name
     * @param type the type its values are read as
     * @return this builder
     * @throws IllegalArgumentException when {@code cacheName} or {@code type} is null
     */
    public Builder jsonValues(String cacheName, Class<?> type) {
      if (type == null) throw new IllegalArgumentException("JSON type must not be null");
      jsonTypes.put(name(cacheName), type);
      return this;
    }

    /**
     * The Jackson mapper for JSON values; default the client's ({@code client.json().mapper()},
     * which ignores unknown properties).
     *
     * @param mapper a {@code tools.jackson.databind.ObjectMapper}
     * @return this builder
     * @throws IllegalArgumentException when {@code mapper} is null
     */
    public Builder jsonMapper(tools.jackson.databind.ObjectMapper mapper) {
      if (mapper == null) throw new IllegalArgumentException("jsonMapper must not be null");
      this.jsonMapper = mapper;
      return this;
    }

    /**
     * The manager; with {@link #cacheNames} its caches are made now.
     *
     * @return a new manager
     * @throws IllegalArgumentException when a fixed cache name cannot be used (see {@link
     *     MemcacheCacheManager#getCache})
     */
    public MemcacheCacheManager build() {
      Builder copy = new Builder(client);
      copy.defaultTtl = defaultTtl;
      copy.ttls.putAll(ttls);
      copy.keyPrefix = keyPrefix;
      copy.allowNullValues = allowNullValues;
      copy.cacheNames = cacheNames == null ? null : new LinkedHashSet<>(cacheNames);
      copy.generationCacheTtl = generationCacheTtl;
      copy.lockTtl = lockTtl;
      copy.lockWait = lockWait;
      copy.jsonType = jsonType;
      copy.jsonTypes.putAll(jsonTypes);
      copy.jsonMapper = jsonMapper;
      return new MemcacheCacheManager(copy);
    }

    private static String name(String cacheName) {
      if (cacheName == null) throw new IllegalArgumentException("cache name must not be null");
      return cacheName;
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative())
        throw new IllegalArgumentException(what + " must be zero or positive, was " + d);
      return d;
    }
  }
}
