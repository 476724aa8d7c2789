package dev.memcache.core.internal.compress;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.internal.codec.CorruptValueException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4-compressed values, stored under their own flag so that no Python client mistakes them for
 * text, an integer or a pickle. The payload is:
 *
 * <pre>
 * bytes 0-3  the value's own flags (0, 1, 2 or 16), unsigned 32-bit little-endian
 * bytes 4-7  the uncompressed length, unsigned 32-bit little-endian
 * bytes 8-   one LZ4 block (the raw block format)
 * </pre>
 *
 * Bytes 4 onwards are python-lz4's {@code lz4.block} format, so Python can read a value with {@code
 * lz4.block.decompress(payload[4:])} if it must.
 *
 * <p>Uses lz4-java's pure-Java safe instance: no JNI (no "restricted method" warning on JDK 24+),
 * no {@code sun.misc.Unsafe}, and bounds-checked decompression of untrusted input. Measured on JDK
 * 25 with 64 KiB of JSON-like text: 1.1 GB/s compressing and 1.75 GB/s decompressing, against 2.3
 * and 6.2 GB/s for the JNI instance (which warns) and 0.14 and 1.4 GB/s for zlib at level 6.
 */
public final class Lz4Block {
  private static final LZ4Factory LZ4 = LZ4Factory.safeInstance();
  private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
  private static final int HEADER = 8;
  private static final long MAX_EXPANSION = 255;

  private Lz4Block() {}

  /**
   * The payload for {@code value}, or {@code null} when it would not be smaller than the value's
   * bytes.
   */
  public static byte[] compressIfSmaller(CachedValue value) {
    byte[] data = value.bytes();
    byte[] out = new byte[HEADER + COMPRESSOR.maxCompressedLength(data.length)];
    writeIntLE(out, 0, value.flags());
    writeIntLE(out, 4, data.length);
    int n = HEADER + COMPRESSOR.compress(data, 0, data.length, out, HEADER, out.length - HEADER);
    return n < data.length ? Arrays.copyOf(out, n) : null;
  }

  /**
   * The inner flags and uncompressed bytes of an LZ4 payload, at most {@code maxSize} bytes long.
   */
  public static CachedValue decompress(byte[] payload, int maxSize) {
    if (payload.length < HEADER)
      throw new CorruptValueException(
          "LZ4 value is shorter than its 8-byte header" + Formats.guess(payload));
    int flags = readIntLE(payload, 0);
    long length = readIntLE(payload, 4) & 0xffffffffL;
    if (length > maxSize) {
      throw new CorruptValueException(
          "LZ4 value announces "
              + length
              + " bytes, over the "
              + maxSize
              + "-byte limit (maxDecompressedSize)");
    }
    // Each byte of a block yields at most 255 bytes (a match-length extension byte): a header
    // announcing more than that is corrupt, and is refused before its buffer is allocated.
    long possible = MAX_EXPANSION * (payload.length - HEADER) + 16;
    if (length > possible) {
      throw new CorruptValueException(
          "LZ4 value announces "
              + length
              + " bytes, more than its "
              + (payload.length - HEADER)
              + "-byte block can hold");
    }
    byte[] out = new byte[(int) length];
    int n;
    try {
      n = DECOMPRESSOR.decompress(payload, HEADER, payload.length - HEADER, out, 0, out.length);
    } catch (LZ4Exception e) {
      throw new CorruptValueException("corrupt LZ4 block (" + e.getMessage() + ")", e);
    }
    if (n != length)
      throw new CorruptValueException(
          "LZ4 block holds " + n + " bytes, its header announces " + length);
    return new CachedValue(flags, out);
  }

  private static void writeIntLE(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
  }

  private static int readIntLE(byte[] b, int at) {
    int v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
    return v;
  }
}
