package dev.memcache.core.internal.routing;

import dev.memcache.core.HashAlgorithm;
import java.util.function.IntPredicate;

/**
 * libmemcached's {@code MEMCACHED_DISTRIBUTION_MODULA}: {@code hash(key) % servers}, unsigned.
 * Weights play no part (libmemcached ignores them in this mode).
 *
 * <p>libmemcached does not redistribute in this mode: a request for a down server fails. Ours sends
 * the keys of a down server to {@code live[hash % live.length]}, the live servers in list order, so
 * they spread evenly and the keys of live servers stay where they are.
 */
final class ModulaLocator implements NodeLocator {
  private final HashAlgorithm hash;
  private final int servers;

  ModulaLocator(HashAlgorithm hash, int servers) {
    this.hash = hash;
    this.servers = servers;
  }

  @Override
  public int serverFor(byte[] key) {
    if (servers == 1) return 0; // libmemcached does not hash at all then
    return Integer.remainderUnsigned(LibmemcachedHashes.hash(hash, key), servers);
  }

  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    int owner = serverFor(key);
    if (alive.test(owner)) return owner;
    int[] live = new int[servers];
    int count = 0;
    for (int i = 0; i < servers; i++) {
      if (alive.test(i)) live[count++] = i;
    }
    if (count == 0) return NO_SERVER;
    return live[Integer.remainderUnsigned(LibmemcachedHashes.hash(hash, key), count)];
  }
}
