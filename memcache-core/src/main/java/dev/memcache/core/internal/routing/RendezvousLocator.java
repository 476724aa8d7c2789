package dev.memcache.core.internal.routing;

import dev.memcache.core.ServerAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * pymemcache's {@code HashClient} with its default {@code RendezvousHash}: the server whose
 * {@code murmur3_32("host:port-" + key, seed 0)} is highest wins; a tie goes to the greater
 * server name.
 *
 * <p>pymemcache hashes the Python {@code str}, one character at a time, keeping the low 8 bits of
 * each code point. So the UTF-8 key is decoded back to code points before hashing; for ASCII keys
 * this is the key's bytes. (A Python {@code bytes} key is hashed as its {@code repr}, {@code
 * "b'...'"}: JVM keys are strings, so they match Python {@code str} keys.)
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
      prefixes[i] = lowBytes(names[i] + "-");
    }
  }

  @Override
  public int serverFor(byte[] key) {
    return serverFor(key, i -> true);
  }

  /** The winner among live servers: pymemcache removes a dead server from the hasher. */
  @Override
  public int serverFor(byte[] key, IntPredicate alive) {
    byte[] units = pythonUnits(key);
    int winner = NO_SERVER;
    long best = -1;
    for (int i = 0; i < names.length; i++) {
      if (!alive.test(i)) continue;
      long score = Integer.toUnsignedLong(murmur3(prefixes[i], units));
      if (score > best || (score == best && names[i].compareTo(names[winner]) > 0)) {
        best = score;
        winner = i;
      }
    }
    return winner;
  }

  /** The low byte of each code point of a Python {@code str} with these UTF-8 bytes. */
  static byte[] pythonUnits(byte[] utf8) {
    for (byte b : utf8) {
      if (b < 0) return lowBytes(new String(utf8, StandardCharsets.UTF_8));
    }
    return utf8;
  }

  private static byte[] lowBytes(String s) {
    int[] codePoints = s.codePoints().toArray();
    byte[] out = new byte[codePoints.length];
    for (int i = 0; i < out.length; i++) out[i] = (byte) codePoints[i];
    return out;
  }

  /** MurmurHash3 x86 32-bit, seed 0, over the concatenation {@code a + b} (no copy). */
  static int murmur3(byte[] a, byte[] b) {
    int length = a.length + b.length;
    int h = 0;
    int i = 0;
    for (; i + 4 <= length; i += 4) {
      int k = at(a, b, i) | at(a, b, i + 1) << 8 | at(a, b, i + 2) << 16 | at(a, b, i + 3) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int k = 0;
    switch (length - i) {
      case 3:
        k ^= at(a, b, i + 2) << 16;
      // fall through
      case 2:
        k ^= at(a, b, i + 1) << 8;
      // fall through
      case 1:
        k ^= at(a, b, i);
        h ^= mixK(k);
      // fall through
      default:
        break;
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    return Integer.rotateLeft(k * 0xcc9e2d51, 15) * 0x1b873593;
  }

  private static int at(byte[] a, byte[] b, int i) {
    return (i < a.length ? a[i] : b[i - a.length]) & 0xff;
  }
}
