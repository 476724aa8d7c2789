package dev.memcache.core;

/**
 * A value with its compare-and-set id, as {@code gets} returns it.
 *
 * @param value the decoded value
 * @param cas the id to pass to {@code cas}; changes whenever the item changes
 * @param <T> the type of the value
 */
public record CasValue<T>(T value, long cas) {}
