package dev.memcache.core.routing;

import static dev.memcache.core.HashAlgorithm.CRC;
import static dev.memcache.core.HashAlgorithm.FNV1A_32;
import static dev.memcache.core.HashAlgorithm.FNV1A_64;
import static dev.memcache.core.HashAlgorithm.FNV1_32;
import static dev.memcache.core.HashAlgorithm.FNV1_64;
import static dev.memcache.core.HashAlgorithm.JENKINS;
import static dev.memcache.core.HashAlgorithm.MD5;
import static dev.memcache.core.HashAlgorithm.MURMUR;
import static dev.memcache.core.HashAlgorithm.ONE_AT_A_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.internal.routing.LibmemcachedHashes;
import dev.memcache.core.internal.routing.PymemcacheMurmur3;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Known answers. The libmemcached ones were printed by Debian's libhashkit.so.2 (libmemcached
 * 1.1.4) through {@code libhashkit_digest}; the pymemcache ones by pymemcache 3.5.2's {@code
 * murmur3_32}. {@code LibmemcachedLibraryIT} compares 2,000 more keys live.
 */
class HashVectorsTest {
  private static final byte[] EMPTY = {};
  private static final byte[] A = bytes("a");
  private static final byte[] HELLO = bytes("hello");
  private static final byte[] ETE = bytes("été"); // bytes >= 0x80: signed char in libhashkit
  private static final byte[] POINT = bytes("key:1234-99");

  @Test
  void oneAtATimeReadsBytesAsSignedChar() {
    check(ONE_AT_A_TIME, 0L, 3392050242L, 3372029979L, 2144029493L, 3516359322L);
  }

  @Test
  void md5TakesTheFirstFourDigestBytesLittleEndian() {
    check(MD5, 3649838548L, 3111502092L, 708854109L, 510308318L, 2755638017L);
  }

  @Test
  void crcKeepsFifteenBitsOfTheCrc32() {
    check(CRC, 0L, 26807L, 13840L, 17617L, 22731L);
  }

  @Test
  void fnv1And1aThirtyTwoBit() {
    check(FNV1_32, 2166136261L, 84696446L, 3069866343L, 3199958167L, 2462162347L);
    check(FNV1A_32, 2166136261L, 3826002220L, 1335831723L, 200187927L, 2532599699L);
  }

  @Test
  void fnv1And1aSixtyFourBitAsLibmemcachedComputesThem() {
    check(FNV1_64, 2216829733L, 2248259518L, 3183334599L, 3995086359L, 1298327659L);
    check(FNV1A_64, 2216829733L, 2248273036L, 2158673163L, 3933641815L, 177161491L);
  }

  @Test
  void murmurIsMurmurHash2WithALengthSeed() {
    check(MURMUR, 0L, 1262581116L, 1377504255L, 3664841419L, 1786034924L);
  }

  @Test
  void jenkinsIsLookup3HashLittle() {
    check(JENKINS, 3735928572L, 3768813200L, 772589811L, 2303093779L, 1731382392L);
  }

  @Test
  void jenkinsAndMurmurHandleWholeBlocksAndTails() {
    // lookup3 works in 12-byte blocks, MurmurHash2 in 4-byte words: 12, 13, 24 and 25 bytes
    String alphabet = "abcdefghijklmnopqrstuvwxy";
    long[] jenkins = {4220209635L, 3055675487L, 192687062L, 1417319051L};
    long[] murmur = {3087340362L, 696768699L, 672236882L, 3826615008L};
    int[] lengths = {12, 13, 24, 25};
    for (int i = 0; i < lengths.length; i++) {
      byte[] key = bytes(alphabet.substring(0, lengths[i]));
      assertEquals(
          jenkins[i],
          Integer.toUnsignedLong(LibmemcachedHashes.hash(JENKINS, key)),
          "jenkins " + lengths[i]);
      assertEquals(
          murmur[i],
          Integer.toUnsignedLong(LibmemcachedHashes.hash(MURMUR, key)),
          "murmur " + lengths[i]);
    }
  }

  @Test
  void pymemcacheMurmur3HashesCodePointsNotUtf8Bytes() {
    assertEquals(0L, Integer.toUnsignedLong(PymemcacheMurmur3.hash("")));
    assertEquals(1009084850L, Integer.toUnsignedLong(PymemcacheMurmur3.hash("a")));
    assertEquals(613153351L, Integer.toUnsignedLong(PymemcacheMurmur3.hash("hello")));
    assertEquals(727614503L, Integer.toUnsignedLong(PymemcacheMurmur3.hash("été")));
  }

  private static void check(
      HashAlgorithm algorithm, long empty, long a, long hello, long ete, long point) {
    long[] expected = {empty, a, hello, ete, point};
    byte[][] keys = {EMPTY, A, HELLO, ETE, POINT};
    for (int i = 0; i < keys.length; i++) {
      long actual = Integer.toUnsignedLong(LibmemcachedHashes.hash(algorithm, keys[i]));
      assertEquals(
          expected[i],
          actual,
          algorithm + " of '" + new String(keys[i], StandardCharsets.UTF_8) + "'");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
