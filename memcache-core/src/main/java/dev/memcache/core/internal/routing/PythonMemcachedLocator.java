package dev.memcache.core.internal.routing;

import dev.memcache.core.ServerAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * python-memcached's modula distribution: {@code ((crc32(key) & 0xffffffff) >> 16) & 0x7fff} modulo
 * a bucket list where each server appears {@code weight} times, in list order; or, after {@code
 * useOldServerHashFunction()}, the whole unsigned {@code crc32(key)}.
 *
 * <p>While a server is down, python-memcached rehashes: {@code h = hash(str(h) + str(i))} for
 * {@code i} in 0..9, taking the first live bucket, and gives up after ten tries.
 */
final class PythonMemcachedLocator implements NodeLocator {
  private static final int SERVER_RETRIES = 10;

  private final int[] buckets;
  private final boolean zeroIsOne;
  private final boolean wholeCrc;

  /**
   * @param zeroIsOne python-memcached 1.59 and earlier map hash 0 to 1 ({@code or 1})
   */
  PythonMemcachedLocator(List<ServerAddress> servers, boolean zeroIsOne) {
    this(servers, zeroIsOne, false);
  }

  private PythonMemcachedLocator(List<ServerAddress> servers, boolean zeroIsOne, boolean wholeCrc) {
    this.buckets =
        IntStream.range(0, servers.size())
            .flatMap(i -> IntStream.range(0, servers.get(i).weight()).map(w -> i))
            .toArray();
    this.zeroIsOne = zeroIsOne;
    this.wholeCrc = wholeCrc;
  }

  /** After {@code memcache.useOldServerHashFunction()}: {@code binascii.crc32} as the hash. */
  static PythonMemcachedLocator oldHash(List<ServerAddress> servers) {
    return new PythonMemcachedLocator(servers, false, true);
  }

  @Override
  public int serverFor(byte[] key) {
    return buckets[(int) (hash(key) % buckets.length)];
  }

  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    long h = hash(key);
    for (int i = 0; i < SERVER_RETRIES; i++) {
      int server = buckets[(int) (h % buckets.length)];
      if (alive.test(server)) return server;
      h = hash((h + Integer.toString(i)).getBytes(StandardCharsets.US_ASCII));
    }
    return NO_SERVER;
  }

  long hash(byte[] key) {
    CRC32 crc = new CRC32();
    crc.update(key);
    if (wholeCrc) return crc.getValue();
    int h = (int) ((crc.getValue() >>> 16) & 0x7fff);
    return h == 0 && zeroIsOne ? 1 : h;
  }
}
