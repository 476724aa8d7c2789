package dev.memcache.core.internal.routing;

import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * libmemcached's consistent distributions ({@code update_continuum} in libmemcached 1.x).
 *
 * <ul>
 *   <li>Plain ({@code CONSISTENT}, {@code CONSISTENT_KETAMA}): 100 points per server, point {@code
 *       i} at {@code keyHash("host:port-i")}, or {@code "host-i"} on port 11211.
 *   <li>Weighted ({@code CONSISTENT_WEIGHTED}, or plain with any weight above 1): {@code floor(w /
 *       total * 160 / 4 * n + 1e-10) * 4} points per server, computed in {@code float} as
 *       libmemcached does (in {@code double} some weight sets get 4 points more), four
 *       little-endian points per MD5 digest of {@code "host:port-j"}.
 * </ul>
 *
 * Keys are hashed with the key hash; points are sorted by (value, server index).
 *
 * <p>While a server is down a key goes to the next point owned by a live server. libmemcached's
 * auto-eject rebuilds the ring without the dead server instead; that is the same ring unless the
 * weights differ (then the live servers' point counts change and a few keys move between live
 * servers in libmemcached, not here).
 */
final class LibmemcachedContinuumLocator implements NodeLocator {
  private static final int POINTS_PER_SERVER = 100;
  private static final int POINTS_PER_SERVER_KETAMA = 160;

  private final HashAlgorithm keyHash;
  private final Ring ring;

  private LibmemcachedContinuumLocator(HashAlgorithm keyHash, Ring ring) {
    this.keyHash = keyHash;
    this.ring = ring;
  }

  /** {@code CONSISTENT}: the plain ring, or the weighted one when any weight is above 1. */
  static LibmemcachedContinuumLocator consistent(
      List<ServerAddress> servers, HashAlgorithm keyHash) {
    return plainOrWeighted(servers, keyHash, false);
  }

  /**
   * {@code CONSISTENT_KETAMA_SPY}: {@link #consistent} with points named {@code "/host:port-i"}
   * (port 11211 included).
   */
  static LibmemcachedContinuumLocator spy(List<ServerAddress> servers, HashAlgorithm keyHash) {
    return plainOrWeighted(servers, keyHash, true);
  }

  private static LibmemcachedContinuumLocator plainOrWeighted(
      List<ServerAddress> servers, HashAlgorithm keyHash, boolean spy) {
    if (servers.stream().anyMatch(s -> s.weight() > 1)) return weighted(servers, keyHash, spy);
    Ring.Builder ring = new Ring.Builder();
    for (int s = 0; s < servers.size(); s++) {
      for (int i = 0; i < POINTS_PER_SERVER; i++) {
        ring.add(LibmemcachedHashes.hash(keyHash, pointName(servers.get(s), i, spy)), s);
      }
    }
    return new LibmemcachedContinuumLocator(keyHash, ring.build());
  }

  /** {@code CONSISTENT_WEIGHTED} (pylibmc {@code ketama_weighted}). */
  static LibmemcachedContinuumLocator weighted(List<ServerAddress> servers, HashAlgorithm keyHash) {
    return weighted(servers, keyHash, false);
  }

  private static LibmemcachedContinuumLocator weighted(
      List<ServerAddress> servers, HashAlgorithm keyHash, boolean spy) {
    long totalWeight = servers.stream().mapToLong(ServerAddress::weight).sum();
    Ring.Builder ring = new Ring.Builder();
    for (int s = 0; s < servers.size(); s++) {
      int points = weightedPoints(servers.get(s).weight(), totalWeight, servers.size());
      for (int j = 0; j < points / 4; j++) {
        byte[] digest = LibmemcachedHashes.md5Digest(pointName(servers.get(s), j, spy));
        for (int x = 0; x < 4; x++) ring.add(LibmemcachedHashes.littleEndian(digest, x * 4), s);
      }
    }
    return new LibmemcachedContinuumLocator(keyHash, ring.build());
  }

  /** libmemcached's point count, in single precision like its C code. */
  static int weightedPoints(int weight, long totalWeight, int liveServers) {
    float pct = (float) weight / (float) totalWeight;
    float points = pct * POINTS_PER_SERVER_KETAMA / 4 * (float) liveServers + 0.0000000001F;
    return (int) Math.floor(points) * 4;
  }

  /**
   * {@code "host:port-i"}, or {@code "host-i"} on port 11211; {@code "/host:port-i"} on every port
   * for the spy mode. The host as configured.
   */
  static byte[] pointName(ServerAddress server, int i, boolean spy) {
    String name =
        spy
            ? "/" + server.host() + ":" + server.port() + "-" + i
            : server.port() == ServerAddress.DEFAULT_PORT
                ? server.host() + "-" + i
                : server.host() + ":" + server.port() + "-" + i;
    return name.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int serverFor(byte[] key) {
    if (ring.size() == 0) return 0;
    return ring.owner(ring.position(LibmemcachedHashes.hash(keyHash, key)));
  }

  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    if (ring.size() == 0) return alive.test(0) ? 0 : NO_SERVER;
    return ring.firstLive(ring.position(LibmemcachedHashes.hash(keyHash, key)), alive);
  }
}
