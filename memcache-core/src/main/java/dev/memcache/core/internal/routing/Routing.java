package dev.memcache.core.internal.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import java.util.List;
import java.util.Objects;

/** Makes the {@link NodeLocator} for a {@link Distribution}. */
public final class Routing {
  private Routing() {}

  /**
   * The locator placing keys over {@code servers} (in this order, which matters) as the client
   * named by {@code distribution} does.
   *
   * @param hash the key hash for the {@code LIBMEMCACHED_*} distributions; {@code null} for the
   *     distribution's default. Must be {@code null} for the others, whose hash is fixed.
   * @throws IllegalArgumentException when there is no server, when a hash is given to a
   *     distribution with a fixed hash, or when a weight above 1 is given to a distribution without
   *     weights
   */
  public static NodeLocator locator(
      Distribution distribution, HashAlgorithm hash, List<ServerAddress> servers) {
    Objects.requireNonNull(distribution, "distribution");
    check(distribution, hash, servers);
    HashAlgorithm keyHash = hash != null ? hash : distribution.defaultHash();
    List<ServerAddress> list = List.copyOf(servers);
    return switch (distribution) {
      case PYTHON_MEMCACHED -> new PythonMemcachedLocator(list, false);
      case PYTHON_MEMCACHED_LEGACY -> new PythonMemcachedLocator(list, true);
      case PYTHON_MEMCACHED_OLD_HASH -> PythonMemcachedLocator.oldHash(list);
      case LIBMEMCACHED_MODULA -> new ModulaLocator(keyHash, list.size());
      case LIBMEMCACHED_CONSISTENT -> LibmemcachedContinuumLocator.consistent(list, keyHash);
      case LIBMEMCACHED_KETAMA_WEIGHTED -> LibmemcachedContinuumLocator.weighted(list, keyHash);
      case LIBMEMCACHED_KETAMA_SPY -> LibmemcachedContinuumLocator.spy(list, keyHash);
      case SPYMEMCACHED_KETAMA -> new SpymemcachedKetamaLocator(list);
      case PYMEMCACHE_RENDEZVOUS -> new RendezvousLocator(list);
    };
  }

  /** The checks of {@link #locator}, without building anything (for configuration builders). */
  public static void check(
      Distribution distribution, HashAlgorithm hash, List<ServerAddress> servers) {
    if (hash != null && !distribution.takesHashAlgorithm()) {
      throw new IllegalArgumentException(
          distribution
              + " has a fixed hash; a HashAlgorithm ("
              + hash
              + ") applies only to LIBMEMCACHED_*");
    }
    if (servers.isEmpty()) throw new IllegalArgumentException("no servers to route to");
    if (!distribution.supportsWeights()) {
      for (ServerAddress s : servers) {
        if (s.weight() > 1) {
          throw new IllegalArgumentException(
              "server "
                  + s
                  + " has weight "
                  + s.weight()
                  + " but "
                  + distribution
                  + " has no weights"
                  + " (the client it matches ignores or lacks them); use PYTHON_MEMCACHED,"
                  + " LIBMEMCACHED_CONSISTENT or LIBMEMCACHED_KETAMA_WEIGHTED, or drop the weight");
        }
      }
    }
  }
}
