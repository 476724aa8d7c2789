package dev.memcache.core.codec;

/**
 * A value as stored: the item's 32-bit flags and its bytes.
 *
 * @param flags the item flags (unsigned 32-bit in the server, carried as an int)
 * @param bytes the payload; not copied, do not change it afterwards
 */
public record CachedValue(int flags, byte[] bytes) {}
