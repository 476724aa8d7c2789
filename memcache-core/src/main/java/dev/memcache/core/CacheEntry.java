package dev.memcache.core;

/**
 * A key found in the cache, as {@code getEntry} returns it: {@code getEntry} gives {@code null} on
 * a miss and an entry on a hit, so a stored {@code null} (Python's {@code None}) is an entry whose
 * {@link #value()} is {@code null}. {@code get} returns {@code null} in both cases.
 *
 * @param value the decoded value; {@code null} when {@code null} (Python {@code None}) is stored
 * @param <T> the type of the value
 */
public record CacheEntry<T>(T value) {}
