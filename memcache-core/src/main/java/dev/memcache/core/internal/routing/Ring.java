package dev.memcache.core.internal.routing;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A sorted consistent-hashing ring of unsigned 32-bit points, each owned by a server index. A key
 * hash belongs to the first point at or after it, wrapping to the first point.
 */
final class Ring {
  private static final int INDEX_BITS = 20;

  private final long[] values;
  private final int[] owners;

  private Ring(long[] values, int[] owners) {
    this.values = values;
    this.owners = owners;
  }

  /**
   * Collects points in any order; {@link #build} sorts them by (value, server), like libmemcached.
   */
  static final class Builder {
    private long[] packed = new long[64];
    private int size;

    void add(int value, int server) {
      if (server >= 1 << INDEX_BITS) throw new IllegalArgumentException("too many servers");
      if (size == packed.length) packed = Arrays.copyOf(packed, size * 2);
      packed[size++] = Integer.toUnsignedLong(value) << INDEX_BITS | server;
    }

    /** Keeps every point; of equal values, the lowest server index comes first and wins. */
    Ring build() {
      return build(false);
    }

    /**
     * Keeps one point per value, owned by the highest server index: what {@code TreeMap.put} of
     * every server's points in list order leaves (spymemcached).
     */
    Ring buildLastWins() {
      return build(true);
    }

    private Ring build(boolean lastWins) {
      long[] sorted = Arrays.copyOf(packed, size);
      Arrays.sort(sorted);
      long[] values = new long[size];
      int[] owners = new int[size];
      int n = 0;
      for (long p : sorted) {
        long value = p >>> INDEX_BITS;
        int server = (int) (p & ((1 << INDEX_BITS) - 1));
        if (n > 0 && values[n - 1] == value && lastWins) n--;
        values[n] = value;
        owners[n++] = server;
      }
      return new Ring(Arrays.copyOf(values, n), Arrays.copyOf(owners, n));
    }
  }

  /** The position of the first point at or after {@code hash} (unsigned), wrapping to 0. */
  int position(int hash) {
    long h = Integer.toUnsignedLong(hash);
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo == values.length ? 0 : lo;
  }

  int owner(int position) {
    return owners[position];
  }

  /** The owner of the first point from {@code position} on whose server is alive. */
  int firstLive(int position, IntPredicate alive) {
    for (int step = 0; step < owners.length; step++) {
      int server = owners[(position + step) % owners.length];
      if (alive.test(server)) return server;
    }
    return NodeLocator.NO_SERVER;
  }

  int size() {
    return values.length;
  }
}
