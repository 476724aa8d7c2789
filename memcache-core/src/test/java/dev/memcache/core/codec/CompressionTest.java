package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.PythonValueCodec.Compression;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * zlib and LZ4 above a threshold, only when smaller, and never inflating past the configured limit.
 */
class CompressionTest {
  static final String TEXT = "the quick brown fox jumps over the lazy dog; ".repeat(40);

  static PythonValueCodec zlib(int threshold) {
    return PythonValueCodec.builder().compressionThreshold(threshold).build();
  }

  static PythonValueCodec lz4(int threshold) {
    return PythonValueCodec.builder()
        .compressionThreshold(threshold)
        .compression(Compression.LZ4)
        .build();
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void zlibAddsFlag8ToTheTypeFlagsAboveTheThreshold() {
    PythonValueCodec codec = zlib(100);
    CachedValue text = codec.encode(TEXT);
    assertEquals(16 | 8, text.flags());
    assertTrue(text.bytes().length < TEXT.length() / 5);
    assertEquals(
        0x78, text.bytes()[0] & 0xff, "an RFC 1950 zlib header, as Python's zlib.compress writes");
    assertEquals(TEXT, codec.decode("k", text.flags(), text.bytes()));
    CachedValue pickled = codec.encode(List.of(TEXT, TEXT));
    assertEquals(1 | 8, pickled.flags());
    assertEquals(List.of(TEXT, TEXT), codec.decode("k", pickled.flags(), pickled.bytes()));
    CachedValue raw = codec.encode(TEXT.getBytes());
    assertEquals(8, raw.flags());
  }

  @Test
  void thresholdMeansLongerThanLikePythonsMinCompressLen() {
    String s = "a".repeat(100);
    assertEquals(16, zlib(100).encode(s).flags(), "len == min_compress_len is not compressed");
    assertEquals(16 | 8, zlib(99).encode(s).flags());
    assertEquals(16, PythonValueCodec.DEFAULT.encode(TEXT).flags(), "off by default");
  }

  @Test
  void valuesThatDoNotShrinkAreStoredUncompressed() {
    byte[] noise = random(10_000);
    assertEquals(0, zlib(10).encode(noise).flags());
    assertArrayEquals(noise, zlib(10).encode(noise).bytes());
    assertEquals(0, lz4(10).encode(noise).flags());
  }

  @Test
  void integersAreNeverCompressedAsInPythonMemcached() {
    assertEquals(2, zlib(1).encode(Long.MAX_VALUE).flags());
    assertEquals(2, lz4(1).encode(Long.MAX_VALUE).flags());
  }

  @Test
  void zlibLevelIsApplied() {
    StringBuilder sb = new StringBuilder();
    Random r = new Random(1);
    for (int i = 0; i < 5000; i++) sb.append(r.nextInt(1000)).append(' ');
    String numbers = sb.toString();
    int best =
        PythonValueCodec.builder()
            .compressionThreshold(1)
            .zlibLevel(9)
            .build()
            .encode(numbers)
            .bytes()
            .length;
    int fastest =
        PythonValueCodec.builder()
            .compressionThreshold(1)
            .zlibLevel(1)
            .build()
            .encode(numbers)
            .bytes()
            .length;
    assertTrue(best < fastest, best + " < " + fastest);
    CachedValue stored =
        PythonValueCodec.builder()
            .compressionThreshold(1)
            .zlibLevel(Deflater.NO_COMPRESSION)
            .build()
            .encode(numbers);
    assertEquals(16, stored.flags(), "level 0 never shrinks a value, so it is stored plainly");
  }

  @Test
  void lz4StandsAloneWithTheTypeFlagsInsideThePayload() {
    PythonValueCodec codec = lz4(64);
    CachedValue v = codec.encode(TEXT);
    assertEquals(Flags.LZ4, v.flags());
    ByteBuffer header = ByteBuffer.wrap(v.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(16, header.getInt(0), "the value's own flags");
    assertEquals(TEXT.length(), header.getInt(4), "python-lz4's lz4.block size prefix");
    assertEquals(TEXT, codec.decode("k", v.flags(), v.bytes()));
    Map<String, Object> map = Map.of("a", List.of(TEXT, 1L), "b", true);
    CachedValue m = codec.encode(map);
    assertEquals(Flags.LZ4, m.flags());
    assertEquals(Shapes.of(map), Shapes.of(codec.decode("k", m.flags(), m.bytes())));
    assertEquals(
        TEXT,
        PythonValueCodec.DEFAULT.decode("k", v.flags(), v.bytes()),
        "any configuration reads LZ4 and zlib");
  }

  @Test
  void corruptLz4PayloadsAreClearErrors() {
    byte[] good = lz4(1).encode(TEXT).bytes();
    byte[] badFlags = good.clone();
    badFlags[0] = 3;
    assertDecodeError(Flags.LZ4, badFlags, "unknown inner flags");
    byte[] shortBlock = java.util.Arrays.copyOf(good, good.length - 10);
    assertDecodeError(Flags.LZ4, shortBlock, "LZ4");
    byte[] wrongLength = good.clone();
    wrongLength[4]++;
    assertDecodeError(Flags.LZ4, wrongLength, "LZ4");
    assertDecodeError(Flags.LZ4, new byte[] {16, 0, 0}, "shorter than its 8-byte header");
  }

  @Test
  void zlibBombIsRefusedAtTheConfiguredLimit() {
    byte[] zeros = new byte[2_000_000];
    CachedValue bomb = zlib(1).encode(zeros);
    assertTrue(bomb.bytes().length < 5_000);
    PythonValueCodec small = zlib(1).toBuilder().maxDecompressedSize(1_000_000).build();
    assertDecodeError(small, 8, bomb.bytes(), "more than the 1000000-byte limit");
    assertEquals(2_000_000, ((byte[]) zlib(1).decode("k", 8, bomb.bytes())).length);
    PythonValueCodec exact = zlib(1).toBuilder().maxDecompressedSize(2_000_000).build();
    assertEquals(
        2_000_000,
        ((byte[]) exact.decode("k", 8, bomb.bytes())).length,
        "exactly at the limit is fine");
  }

  @Test
  void lz4BombIsRefusedFromItsHeaderBeforeAllocating() {
    byte[] header =
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0)
            .putInt(Integer.MAX_VALUE)
            .array();
    assertDecodeError(Flags.LZ4, header, "over the 16777216-byte limit");
    CachedValue zeros = lz4(1).encode(new byte[100_000]);
    assertDecodeError(
        lz4(1).toBuilder().maxDecompressedSize(99_999).build(),
        Flags.LZ4,
        zeros.bytes(),
        "over the 99999-byte limit");
  }

  @Test
  void lz4HeaderAnnouncingMoreThanItsBlockCanHoldIsRefusedBeforeAllocating() {
    byte[] small =
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0)
            .putInt(16 * 1024 * 1024) // within the limit, but 4 bytes cannot inflate to 16 MiB
            .putInt(0)
            .array();
    assertDecodeError(Flags.LZ4, small, "more than its 4-byte block can hold");
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    assertDecodeError(Flags.LZ4, small, "more than its 4-byte block can hold"); // warm, measured
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes for a 12-byte value");
    CachedValue zeros = lz4(1).encode(new byte[1_000_000]); // near LZ4's best ratio
    assertEquals(1_000_000, ((byte[]) lz4(1).decode("k", zeros.flags(), zeros.bytes())).length);
  }

  @Test
  void valuesOverTheDecompressionLimitAreNotCompressedSoTheyStayReadable() {
    PythonValueCodec codec = zlib(1).toBuilder().maxDecompressedSize(1000).build();
    assertEquals(16, codec.encode("a".repeat(1001)).flags());
    assertEquals(16 | 8, codec.encode("a".repeat(1000)).flags());
  }

  static void assertDecodeError(int flags, byte[] bytes, String expected) {
    assertDecodeError(PythonValueCodec.DEFAULT, flags, bytes, expected);
  }

  static void assertDecodeError(PythonValueCodec codec, int flags, byte[] bytes, String expected) {
    var e = assertThrows(MemcacheDecodeException.class, () -> codec.decode("k", flags, bytes));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
