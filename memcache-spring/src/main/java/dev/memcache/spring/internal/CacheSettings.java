package dev.memcache.spring.internal;

import dev.memcache.java.MemcacheClient;
import java.time.Duration;

/**
 * What one cache is built from.
 *
 * @param name the cache name
 * @param client the client, as given to the manager
 * @param raw the client's raw view ({@link RawCodec})
 * @param keys the cache's key layout
 * @param generation the cache's namespace generation
 * @param lock the cross-process loader lock
 * @param format how values are stored
 * @param ttl the entries' TTL (zero: no expiry)
 * @param allowNullValues whether null values are cached
 */
public record CacheSettings(
    String name,
    MemcacheClient client,
    MemcacheClient raw,
    CacheKeys keys,
    Generation generation,
    AddLock lock,
    ValueFormat format,
    Duration ttl,
    boolean allowNullValues) {}
