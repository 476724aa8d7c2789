package dev.memcache.core.internal.routing;

import dev.memcache.core.ServerAddress;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * pymemcache's {@code HashClient} with its default {@code RendezvousHash}: the server whose {@code
 * murmur3_32("host:port-" + key, seed 0)} is highest wins; a tie goes to the greater server name.
 * The hash is {@link PymemcacheMurmur3}.
 */
final class RendezvousLocator implements NodeLocator {
  private final String[] names;
  private final byte[][] prefixes;

  RendezvousLocator(List<ServerAddress> servers) {
    int n = servers.size();
    names = new String[n];
    prefixes = new byte[n][];
    for (int i = 0; i < n; i++) {
      ServerAddress s = servers.get(i);
      names[i] = s.host() + ":" + s.port(); // pymemcache's node name: no brackets around IPv6
      prefixes[i] = PymemcacheMurmur3.pythonUnits(names[i] + "-");
    }
  }

  @Override
  public int serverFor(byte[] key) {
    return serverFor(key, i -> true);
  }

  /** The winner among live servers: pymemcache removes a dead server from the hasher. */
  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    byte[] units = PymemcacheMurmur3.pythonUnits(key);
    int winner = NO_SERVER;
    long best = -1;
    for (int i = 0; i < names.length; i++) {
      if (!alive.test(i)) continue;
      long score = Integer.toUnsignedLong(PymemcacheMurmur3.hash(prefixes[i], units));
      if (score > best || (score == best && names[i].compareTo(names[winner]) > 0)) {
        best = score;
        winner = i;
      }
    }
    return winner;
  }
}
