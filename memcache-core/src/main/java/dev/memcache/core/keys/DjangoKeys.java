package dev.memcache.core.keys;

import dev.memcache.core.InvalidKeyException;
import java.util.Objects;

/**
 * Django's cache keys: {@code default_key_func} ({@code KEY_PREFIX + ":" + VERSION + ":" + key})
 * and the memcached backends' {@code validate_key} ({@code InvalidCacheKey} for a stored key longer
 * than 250 characters or holding a character below 33 or 127). Give the {@code KEY_PREFIX} and
 * {@code VERSION} of the Django cache in {@code CACHES} (Django's defaults: {@code ""} and 1):
 *
 * <pre>{@code
 * MemcacheClient.builder()
 *     .servers("10.0.0.5:11211", "10.0.0.6:11211")        // Django's LOCATION, in its order
 *     .distribution(Distribution.PYMEMCACHE_RENDEZVOUS)    // PyMemcacheCache; see below
 *     .keys(DjangoKeys.of("shop", 1))                      // KEY_PREFIX, VERSION
 *     .build();
 * }</pre>
 *
 * <p>Settings that match Django 3.2's memcached backends with their default {@code OPTIONS}
 * (checked with Debian's python3-django 3.2 over three servers):
 *
 * <ul>
 *   <li>{@code django.core.cache.backends.memcached.PyMemcacheCache}: pymemcache's {@code
 *       HashClient(servers, allow_unicode_keys=True, default_noreply=False, serde=pickle_serde)}:
 *       {@link dev.memcache.core.Distribution#PYMEMCACHE_RENDEZVOUS} (the default distribution) and
 *       {@link dev.memcache.core.codec.PythonValueCodec#DEFAULT} (the default codec).
 *   <li>{@code django.core.cache.backends.memcached.PyLibMCCache}: {@code pylibmc.Client(servers)}:
 *       {@link dev.memcache.core.Distribution#LIBMEMCACHED_MODULA} and {@link
 *       dev.memcache.core.codec.PythonValueCodec#DEFAULT}. With {@code OPTIONS={"behaviors":
 *       {"ketama": True}}}, {@link dev.memcache.core.Distribution#LIBMEMCACHED_CONSISTENT}.
 * </ul>
 *
 * {@code LOCATION} is the server list, in the same order; a {@code "host:port;host:port"} string is
 * split on {@code ;} and {@code ,} by Django. Django's {@code KEY_FUNCTION} setting replaces this
 * scheme; with one, write a {@link KeyFunction} of your own. Leave the client's {@code keyPrefix}
 * empty: Django's prefix is part of the key and is hashed with it.
 *
 * <p>Versioned keys ({@code cache.set(key, value, version=2)}) are the keys of {@link
 * #version(int)}: {@code DjangoKeys.of("shop", 1).version(2)}. Immutable and thread-safe.
 */
public final class DjangoKeys implements KeyFunction {
  /** Django's {@code MEMCACHE_MAX_KEY_LENGTH}, counted in characters (code points). */
  public static final int MAX_KEY_LENGTH = 250;

  private final String prefix;
  private final int version;
  private final String head;

  private DjangoKeys(String prefix, int version) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.version = version;
    this.head = prefix + ":" + version + ":";
  }

  /**
   * Django's default key function for a cache with this {@code KEY_PREFIX} and {@code VERSION}.
   *
   * @param prefix the cache's {@code KEY_PREFIX} ({@code ""} when it has none)
   * @param version the cache's {@code VERSION} (1 when it has none)
   * @return the key function
   */
  public static DjangoKeys of(String prefix, int version) {
    return new DjangoKeys(prefix, version);
  }

  /**
   * The same prefix with another version, as Django's {@code version=} argument gives it.
   *
   * @param version the version
   * @return the key function for that version
   */
  public DjangoKeys version(int version) {
    return new DjangoKeys(prefix, version);
  }

  /**
   * The {@code KEY_PREFIX}.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The {@code VERSION}.
   *
   * @return the version
   */
  public int version() {
    return version;
  }

  /**
   * {@code prefix:version:key}, checked as Django's memcached backends check it.
   *
   * @param key the key the Django code names
   * @return the stored key
   * @throws InvalidKeyException when Django would raise {@code InvalidCacheKey}: over 250
   *     characters, or a character below 33 or 127
   */
  @Override
  public String apply(String key) {
    Objects.requireNonNull(key, "key");
    String made = head + key;
    int length = made.codePointCount(0, made.length());
    if (length > MAX_KEY_LENGTH) {
      throw new InvalidKeyException(
          "Django cache key '"
              + shown(made)
              + "' is "
              + length
              + " characters; Django's memcached backends refuse keys longer than "
              + MAX_KEY_LENGTH);
    }
    for (int i = 0; i < made.length(); i++) {
      char c = made.charAt(i);
      if (c < 33 || c == 127) {
        throw new InvalidKeyException(
            "Django cache key '"
                + shown(made)
                + "' contains characters that will cause errors if used with memcached"
                + String.format(" (0x%02x)", (int) c));
      }
    }
    return made;
  }

  private static String shown(String key) {
    String s = key.length() > 60 ? key.substring(0, 60) + "..." : key;
    return s.replaceAll("[\\x00-\\x1f\\x7f]", "?");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DjangoKeys d && d.prefix.equals(prefix) && d.version == version;
  }

  @Override
  public int hashCode() {
    return prefix.hashCode() * 31 + version;
  }

  @Override
  public String toString() {
    return "DjangoKeys{prefix='" + prefix + "', version=" + version + "}";
  }
}
