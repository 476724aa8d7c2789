package dev.memcache.core.internal.protocol;

/** One value of a multi-key reply: flags, bytes, and cas id (0 when not asked). */
public record Item(int flags, byte[] bytes, long cas) {}
