package dev.memcache.core.keys;

/**
 * Turns the key a caller names into the key stored in memcached, as a framework's key scheme does
 * (for example Django's {@code KEY_PREFIX:VERSION:key}, see {@link DjangoKeys}). The stored key is
 * what the client routes, validates and sends; the configured {@code keyPrefix} is put before it.
 * Results, such as the maps of multi-gets, are keyed by the caller's keys.
 *
 * <p>Implementations must be pure and thread-safe: the same key always gives the same stored key.
 */
@FunctionalInterface
public interface KeyFunction {
  /**
   * The stored key for {@code key}.
   *
   * @param key the key the caller named, not null
   * @return the key to store under, not null
   * @throws dev.memcache.core.InvalidKeyException when the framework's rules refuse the key
   */
  String apply(String key);

  /**
   * The key as given: the default.
   *
   * @return the identity key function
   */
  static KeyFunction identity() {
    return Identity.INSTANCE;
  }
}
