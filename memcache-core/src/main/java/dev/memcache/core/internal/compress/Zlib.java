package dev.memcache.core.internal.compress;

import dev.memcache.core.internal.codec.CorruptValueException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib streams (RFC 1950: deflate with a 2-byte header and an Adler-32 trailer), as
 * python-memcached and pylibmc write and read under flag 8.
 */
public final class Zlib {
  private Zlib() {}

  /**
   * The zlib stream of {@code data}, or {@code null} when it would not be smaller than {@code
   * data}.
   */
  public static byte[] compressIfSmaller(byte[] data, int level) {
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] out = new byte[Math.max(0, data.length - 1)]; // anything longer is not worth it
      int n = 0;
      while (!deflater.finished() && n < out.length) n += deflater.deflate(out, n, out.length - n);
      return deflater.finished() ? Arrays.copyOf(out, n) : null;
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates a zlib stream of at most {@code maxSize} bytes. Fails on a missing zlib header (flag 8
   * alone does not prove zlib: gzip, zstd or a custom compressor may sit under it), a corrupt or
   * truncated stream, trailing bytes, or output beyond {@code maxSize} (a decompression bomb).
   */
  public static byte[] decompress(byte[] data, int maxSize) {
    if (!hasZlibHeader(data))
      throw new CorruptValueException(
          "flag 8 is set but the value is not a zlib stream" + Formats.guess(data));
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data);
      byte[] out = new byte[(int) Math.min(maxSize, Math.max(64L, data.length * 4L))];
      int n = 0;
      while (!inflater.finished()) {
        int got;
        if (n < out.length) {
          got = inflater.inflate(out, n, out.length - n);
          n += got;
        } else if (out.length < maxSize) {
          out = Arrays.copyOf(out, (int) Math.min(maxSize, out.length * 2L));
          continue;
        } else { // full at the limit: only the end of the stream may follow
          got = inflater.inflate(new byte[1]);
          if (got > 0)
            throw new CorruptValueException(
                "zlib value inflates to more than the "
                    + maxSize
                    + "-byte limit (maxDecompressedSize)");
        }
        if (got == 0 && inflater.needsDictionary())
          throw new CorruptValueException("zlib stream needs a preset dictionary");
        if (got == 0 && inflater.needsInput())
          throw new CorruptValueException("zlib stream is truncated");
      }
      if (inflater.getRemaining() > 0)
        throw new CorruptValueException(
            inflater.getRemaining() + " bytes follow the end of the zlib stream");
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new CorruptValueException("corrupt zlib stream (" + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }

  /** RFC 1950 header: deflate method, window <= 32 KiB, no preset dictionary, check bits. */
  static boolean hasZlibHeader(byte[] data) {
    if (data.length < 2) return false;
    int cmf = data[0] & 0xff;
    int flg = data[1] & 0xff;
    return (cmf & 0x0f) == 8
        && (cmf >>> 4) <= 7
        && (flg & 0x20) == 0
        && ((cmf << 8) | flg) % 31 == 0;
  }
}
