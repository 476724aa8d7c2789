package dev.memcache.core.internal.routing;

import dev.memcache.core.HashAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;

/**
 * libhashkit's key hashes, bit for bit. Results are unsigned 32-bit values held in an {@code int}.
 * Where libhashkit reads a {@code char} (signed on x86 and arm64 Linux) a Java {@code byte} is used
 * as is: its sign extension is the point.
 */
public final class LibmemcachedHashes {
  private static final MessageDigest MD5_PROTOTYPE = md5Instance();

  private LibmemcachedHashes() {}

  private static MessageDigest md5Instance() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** libhashkit's {@code hashkit_digest} of {@code key} with {@code algorithm}. */
  public static int hash(HashAlgorithm algorithm, byte[] key) {
    return switch (algorithm) {
      case ONE_AT_A_TIME -> oneAtATime(key);
      case MD5 -> md5(key);
      case CRC -> crc(key);
      case FNV1_32 -> fnv1_32(key);
      case FNV1A_32 -> fnv1a_32(key);
      case FNV1_64 -> fnv1_64(key);
      case FNV1A_64 -> fnv1a_64(key);
      case MURMUR -> murmur(key);
      case JENKINS -> jenkins(key);
    };
  }

  static int oneAtATime(byte[] key) {
    int h = 0;
    for (byte b : key) {
      h += b; // signed char, sign-extended
      h += h << 10;
      h ^= h >>> 6;
    }
    h += h << 3;
    h ^= h >>> 11;
    h += h << 15;
    return h;
  }

  /** The first four digest bytes, little-endian (libhashkit's md5 and ketama's point value 0). */
  static int md5(byte[] key) {
    return littleEndian(md5Digest(key), 0);
  }

  static byte[] md5Digest(byte[] data) {
    try {
      return ((MessageDigest) MD5_PROTOTYPE.clone()).digest(data); // cheaper than getInstance
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's MD5 is cloneable", e);
    }
  }

  static int littleEndian(byte[] b, int offset) {
    return (b[offset] & 0xff)
        | (b[offset + 1] & 0xff) << 8
        | (b[offset + 2] & 0xff) << 16
        | (b[offset + 3] & 0xff) << 24;
  }

  static int crc(byte[] key) {
    CRC32 crc = new CRC32();
    crc.update(key);
    return (int) ((crc.getValue() >>> 16) & 0x7fff);
  }

  static int fnv1_32(byte[] key) {
    int h = 0x811c9dc5;
    for (byte b : key) {
      h *= 16777619;
      h ^= b;
    }
    return h;
  }

  static int fnv1a_32(byte[] key) {
    int h = 0x811c9dc5;
    for (byte b : key) {
      h ^= b;
      h *= 16777619;
    }
    return h;
  }

  static int fnv1_64(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h *= 0x100000001b3L;
      h ^= b;
    }
    return (int) h;
  }

  /** libhashkit truncates the 64-bit FNV constants to 32 bits here; so do we. */
  static int fnv1a_64(byte[] key) {
    int h = 0x84222325;
    for (byte b : key) {
      h ^= b;
      h *= 0x1b3;
    }
    return h;
  }

  /** MurmurHash2 with libhashkit's seed {@code 0xdeadbeef * length}. */
  static int murmur(byte[] key) {
    final int m = 0x5bd1e995;
    int length = key.length;
    int h = (0xdeadbeef * length) ^ length;
    int i = 0;
    for (; length - i >= 4; i += 4) {
      int k = littleEndian(key, i);
      k *= m;
      k ^= k >>> 24;
      k *= m;
      h *= m;
      h ^= k;
    }
    switch (length - i) {
      case 3:
        h ^= (key[i + 2] & 0xff) << 16;
      // fall through
      case 2:
        h ^= (key[i + 1] & 0xff) << 8;
      // fall through
      case 1:
        h ^= key[i] & 0xff;
        h *= m;
      // fall through
      default:
        break;
    }
    h ^= h >>> 13;
    h *= m;
    h ^= h >>> 15;
    return h;
  }

  /** Bob Jenkins' lookup3 {@code hashlittle}, initial value 13, as libhashkit calls it. */
  static int jenkins(byte[] key) {
    int length = key.length;
    int a = 0xdeadbeef + length + 13;
    int b = a;
    int c = a;
    int i = 0;
    for (; length - i > 12; i += 12) {
      a += littleEndian(key, i);
      b += littleEndian(key, i + 4);
      c += littleEndian(key, i + 8);
      a -= c;
      a ^= Integer.rotateLeft(c, 4);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 6);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 8);
      b += a;
      a -= c;
      a ^= Integer.rotateLeft(c, 16);
      c += b;
      b -= a;
      b ^= Integer.rotateLeft(a, 19);
      a += c;
      c -= b;
      c ^= Integer.rotateLeft(b, 4);
      b += a;
    }
    int rest = length - i;
    if (rest == 0) return c; // no final mixing for an empty last block
    a += partialWord(key, i, rest);
    b += partialWord(key, i + 4, rest - 4);
    c += partialWord(key, i + 8, rest - 8);
    c ^= b;
    c -= Integer.rotateLeft(b, 14);
    a ^= c;
    a -= Integer.rotateLeft(c, 11);
    b ^= a;
    b -= Integer.rotateLeft(a, 25);
    c ^= b;
    c -= Integer.rotateLeft(b, 16);
    a ^= c;
    a -= Integer.rotateLeft(c, 4);
    b ^= a;
    b -= Integer.rotateLeft(a, 14);
    c ^= b;
    c -= Integer.rotateLeft(b, 24);
    return c;
  }

  /** Up to four bytes from {@code offset}, little-endian; {@code count} may be 0 or negative. */
  private static int partialWord(byte[] key, int offset, int count) {
    int word = 0;
    for (int j = Math.min(count, 4) - 1; j >= 0; j--) word = word << 8 | (key[offset + j] & 0xff);
    return word;
  }
}
