package dev.memcache.core;

/**
 * An item read for stale-while-revalidate (meta {@code mg} with vivify and recache), with what the
 * server said about who should recompute it.
 *
 * @param value the decoded value; null when {@code present} is false
 * @param present false when the key was missing and the server created an empty placeholder
 *     (vivify): there is no value yet, whoever {@code won} is computing it
 * @param cas the item's compare-and-set id (pass it to {@code cas} to store a recomputed value)
 * @param won this caller won the right to recompute and store the value (meta {@code W})
 * @param stale the item was invalidated; the value is the old one (meta {@code X})
 * @param winnerChosen another caller already won the right to recompute (meta {@code Z})
 * @param <T> the type of the value
 */
public record MetaValue<T>(
    T value, boolean present, long cas, boolean won, boolean stale, boolean winnerChosen) {}
