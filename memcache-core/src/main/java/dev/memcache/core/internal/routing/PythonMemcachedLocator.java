package dev.memcache.core.internal.routing;

import dev.memcache.core.ServerAddress;
import java.util.List;
import java.util.zip.CRC32;

/**
 * python-memcached's modula distribution: {@code ((crc32(key) & 0xffffffff) >> 16) & 0x7fff}
 * modulo a bucket list where each server appears {@code weight} times, in list order.
 */
public final class PythonMemcachedLocator implements NodeLocator {
  private final int[] buckets;
  private final boolean zeroIsOne;

  /**
   * @param zeroIsOne python-memcached before 1.60 maps hash 0 to 1 ({@code or 1})
   */
  public PythonMemcachedLocator(List<ServerAddress> servers, boolean zeroIsOne) {
    this.buckets =
        java.util.stream.IntStream.range(0, servers.size())
            .flatMap(i -> java.util.stream.IntStream.range(0, servers.get(i).weight()).map(w -> i))
            .toArray();
    this.zeroIsOne = zeroIsOne;
  }

  @Override
  public int serverFor(byte[] key) {
    if (buckets.length == 1) return buckets[0];
    CRC32 crc = new CRC32();
    crc.update(key);
    int h = (int) ((crc.getValue() >>> 16) & 0x7fff);
    if (h == 0 && zeroIsOne) h = 1;
    return buckets[h % buckets.length];
  }
}
