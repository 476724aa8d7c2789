package dev.memcache.core.internal.routing;

import dev.memcache.core.ServerAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * spymemcached's {@code KetamaNodeLocator} with {@code DefaultHashAlgorithm.KETAMA_HASH} and the
 * default node key format: 160 points per server, four little-endian points per MD5 digest of
 * {@code node + "-" + i} (i in 0..39), where {@code node} is {@code InetSocketAddress.toString()}
 * without its leading {@code /}: {@code "127.0.0.1:11211"}, or {@code "name/10.0.0.1:11211"} for a
 * host name (resolved here, as spymemcached resolves it). Equal points go to the later server, as
 * in spymemcached's {@code TreeMap}.
 *
 * <p>While a server is down, spymemcached's {@code FailureMode.Redistribute} walks {@code
 * getSequence(key)}: seven tries, each rehashing {@code tries + key}; the first live one wins.
 */
final class SpymemcachedKetamaLocator implements NodeLocator {
  private static final int POINTS_PER_SERVER = 160;
  private static final int SEQUENCE_TRIES = 7;

  private final Ring ring;

  SpymemcachedKetamaLocator(List<ServerAddress> servers) {
    Ring.Builder ring = new Ring.Builder();
    for (int s = 0; s < servers.size(); s++) {
      String node = nodeName(servers.get(s));
      for (int i = 0; i < POINTS_PER_SERVER / 4; i++) {
        byte[] digest =
            LibmemcachedHashes.md5Digest((node + "-" + i).getBytes(StandardCharsets.UTF_8));
        for (int h = 0; h < 4; h++) ring.add(LibmemcachedHashes.littleEndian(digest, h * 4), s);
      }
    }
    this.ring = ring.buildLastWins();
  }

  static String nodeName(ServerAddress server) {
    String name = new InetSocketAddress(server.host(), server.port()).toString();
    return name.startsWith("/") ? name.substring(1) : name;
  }

  @Override
  public int serverFor(byte[] key) {
    return ring.owner(ring.position(LibmemcachedHashes.md5(key)));
  }

  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    long hash = Integer.toUnsignedLong(LibmemcachedHashes.md5(key));
    for (int tries = 0; tries < SEQUENCE_TRIES; tries++) {
      int server = ring.owner(ring.position((int) hash));
      if (alive.test(server)) return server;
      byte[] next = concat(Integer.toString(tries).getBytes(StandardCharsets.US_ASCII), key);
      long rehash = Integer.toUnsignedLong(LibmemcachedHashes.md5(next));
      hash = (hash + (int) (rehash ^ (rehash >>> 32))) & 0xffffffffL; // spymemcached's own mixing
    }
    return NO_SERVER;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
