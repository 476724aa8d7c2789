package dev.memcache.core.internal.routing;

import java.nio.charset.StandardCharsets;

/**
 * pymemcache's {@code murmur3_32} (seed 0), the score of its rendezvous hashing.
 *
 * <p>pymemcache hashes a Python {@code str} one character at a time, keeping the low 8 bits of each
 * code point, and counts characters, not bytes. So a UTF-8 key is decoded back to code points
 * first; for ASCII this is the key's own bytes. (A Python {@code bytes} key would be hashed as its
 * {@code repr}, {@code "b'...'"}: JVM keys are strings, so they match Python {@code str} keys.)
 */
public final class PymemcacheMurmur3 {
  private PymemcacheMurmur3() {}

  /** pymemcache's score of a string: {@code murmur3_32(s)}. */
  public static int hash(String s) {
    return hash(new byte[0], pythonUnits(s));
  }

  /** The low byte of each code point of a Python {@code str} with these UTF-8 bytes. */
  static byte[] pythonUnits(byte[] utf8) {
    for (byte b : utf8) {
      if (b < 0) return pythonUnits(new String(utf8, StandardCharsets.UTF_8));
    }
    return utf8;
  }

  /** The low byte of each code point of {@code s}. */
  static byte[] pythonUnits(String s) {
    int[] codePoints = s.codePoints().toArray();
    byte[] out = new byte[codePoints.length];
    for (int i = 0; i < out.length; i++) out[i] = (byte) codePoints[i];
    return out;
  }

  /** MurmurHash3 x86 32-bit, seed 0, over the concatenation {@code a + b} (no copy). */
  static int hash(byte[] a, byte[] b) {
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
