package dev.memcache.core.codec;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.internal.codec.CorruptValueException;
import dev.memcache.core.internal.codec.PythonPickler;
import dev.memcache.core.internal.codec.PythonReads;
import dev.memcache.core.internal.compress.Lz4Block;
import dev.memcache.core.internal.compress.Zlib;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * The default value codec: values under the flags of python-memcached, pylibmc and pymemcache, so
 * that JVM and Python services can share one cache. Immutable and thread-safe.
 *
 * <table>
 *   <caption>Writing</caption>
 *   <tr><th>JVM value<th>flags<th>Python reads
 *   <tr><td>{@code byte[]}<td>0<td>{@code bytes}
 *   <tr><td>{@code String}<td>16, UTF-8<td>{@code str}
 *   <tr><td>{@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code BigInteger}<td>2, decimal<td>{@code int}
 *   <tr><td>{@code null}, {@code Boolean}, {@code Float}, {@code Double}, {@code List}, {@code Map},
 *       {@code Set}, {@link PythonTuple}, nested<td>1, pickle protocol 2<td>{@code None}, {@code bool},
 *       {@code float}, {@code list}, {@code dict}, {@code set}, {@code tuple}
 * </table>
 *
 * <p>Reading: flags 0 give {@code byte[]}, 16 a {@code String}, 2 and 4 a {@code Long} (or {@code
 * BigInteger} beyond 64 bits; pylibmc stores booleans as 2, so they read as 1 and 0), and 1 a
 * pickle of protocol 0 to 5, decoded as {@code null}, {@code Boolean}, {@code Long}/{@code
 * BigInteger}, {@code Double}, {@code String}, {@code byte[]}, {@code ArrayList}, {@link
 * PythonTuple}, {@code LinkedHashMap}, {@code LinkedHashSet} or an unmodifiable {@code Set}
 * (frozenset). Unpickling never loads a class or calls a function: a pickle that names anything
 * beyond the builtins needed for those types fails. Java serialization is never read. Flag 8 (zlib)
 * may be added to any type; {@link Flags#LZ4} stands alone. Integers are read as Python's {@code
 * int(bytes)} reads them: ASCII whitespace around, a sign, and underscores between digits ({@code
 * 1_000} is 1000).
 *
 * <p>Flags nobody writes are read bit by bit as python-memcached reads them (checked against the
 * three Python clients):
 *
 * <ul>
 *   <li>Bits other than 1, 2, 4, 8 and 16 are ignored when one of the type bits 1, 2, 4 or 16 is
 *       set: 272 (16 + 0x100) is text, 258 an integer, 48 (16 + 32) text. All three clients do so.
 *   <li>Several type bits: text wins, then integer (2), then long (4), then pickle (1); so 3 is an
 *       integer and 17 text. python-memcached and pymemcache do so; pylibmc refuses these flags.
 *   <li>No type bit but other bits (for example 0x100, 64, or 8 + 0x200): a {@link
 *       MemcacheDecodeException}, as python-memcached raises; pylibmc and pymemcache return the raw
 *       bytes, but these bits are how spymemcached and Xmemcached mark Java types, whose bytes
 *       would be misread. {@link Flags#LZ4} alone is this codec's LZ4.
 * </ul>
 *
 * <p>Bytes that do not match their flags are a {@link MemcacheDecodeException} that names the key
 * and the flags.
 *
 * <p>Decoding is bounded by the stored bytes, whoever wrote them: memory by {@link
 * #maxDecompressedSize()} and the bytes' length, time by about their length (pickles nested deeper
 * than 500 levels, or whose dict keys or set members are crafted to share a hash code, fail). Equal
 * tuples and frozensets that could be keys come back as one shared object.
 *
 * <p>Compression is off by default, as in python-memcached and pylibmc ({@code
 * min_compress_len=0}), because pymemcache (before 4.0) cannot read compressed values. With a
 * threshold, values longer than it are compressed when that makes them smaller (integers never
 * are): {@link Compression#ZLIB} is read by python-memcached and pylibmc, {@link Compression#LZ4}
 * only by this codec.
 */
public final class PythonValueCodec implements ValueCodec {
  /** The defaults: no compression, 16 MiB decompression limit. */
  public static final PythonValueCodec DEFAULT = builder().build();

  /** How values above the compression threshold are compressed. */
  public enum Compression {
    /** zlib (RFC 1950) under flag 8, as python-memcached and pylibmc write and read it. */
    ZLIB,
    /** LZ4 under {@link Flags#LZ4}: faster, for data only JVM clients read. */
    LZ4
  }

  private final int compressionThreshold;
  private final Compression compression;
  private final int zlibLevel;
  private final int maxDecompressedSize;

  private PythonValueCodec(Builder b) {
    this.compressionThreshold = b.compressionThreshold;
    this.compression = b.compression;
    this.zlibLevel = b.zlibLevel;
    this.maxDecompressedSize = b.maxDecompressedSize;
  }

  /**
   * A builder with every default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these settings.
   *
   * @return a new builder with this codec's settings
   */
  public Builder toBuilder() {
    return new Builder()
        .compressionThreshold(compressionThreshold)
        .compression(compression)
        .zlibLevel(zlibLevel)
        .maxDecompressedSize(maxDecompressedSize);
  }

  /**
   * The size above which values are compressed; 0 when compression is off.
   *
   * @return the threshold in bytes
   */
  public int compressionThreshold() {
    return compressionThreshold;
  }

  /**
   * The compression used above the threshold.
   *
   * @return the compression
   */
  public Compression compression() {
    return compression;
  }

  /**
   * The zlib level, or -1 for zlib's default.
   *
   * @return the level
   */
  public int zlibLevel() {
    return zlibLevel;
  }

  /**
   * The largest size a compressed value may expand to.
   *
   * @return the size in bytes
   */
  public int maxDecompressedSize() {
    return maxDecompressedSize;
  }

  @Override
  public CachedValue encode(Object value) {
    CachedValue plain = encodeUncompressed(value);
    int length = plain.bytes().length;
    // Over the decompression limit: store it plainly rather than write what this codec could not
    // read.
    if (compressionThreshold == 0
        || length <= compressionThreshold
        || length > maxDecompressedSize
        || plain.flags() == Flags.INTEGER) {
      return plain;
    }
    if (compression == Compression.ZLIB) {
      byte[] z = Zlib.compressIfSmaller(plain.bytes(), zlibLevel);
      return z == null ? plain : new CachedValue(plain.flags() | Flags.ZLIB, z);
    }
    byte[] lz4 = Lz4Block.compressIfSmaller(plain);
    return lz4 == null ? plain : new CachedValue(Flags.LZ4, lz4);
  }

  private static CachedValue encodeUncompressed(Object value) {
    CachedValue basic = BasicValueCodec.encodeBasic(value);
    // Anything else is pickled (or refused with IllegalArgumentException)
    return basic != null ? basic : new CachedValue(Flags.PICKLE, PythonPickler.pickle(value));
  }

  @Override
  public Object decode(String key, int flags, byte[] bytes) {
    boolean lz4 = flags == Flags.LZ4;
    int types = flags & TYPE_BITS;
    if (!lz4 && types == 0 && (flags & ~Flags.ZLIB) != 0) {
      throw failure(
          key,
          flags,
          "no type bit (1, 2, 4 or 16) is set and no Python client writes these flags;"
              + " python-memcached refuses them too (pylibmc and pymemcache return the raw bytes)"
              + ((flags & 0xff00) != 0
                  ? " (bits 0xff00 are how spymemcached and Xmemcached mark Java types)"
                  : ""),
          null);
    }
    try {
      int type = typeOf(types);
      byte[] data = bytes;
      if (lz4) {
        CachedValue inner = Lz4Block.decompress(bytes, maxDecompressedSize);
        if (!isType(inner.flags()))
          throw new CorruptValueException(
              "LZ4 payload holds unknown inner flags " + Integer.toUnsignedString(inner.flags()));
        type = inner.flags();
        data = inner.bytes();
      } else if ((flags & Flags.ZLIB) != 0) {
        data = Zlib.decompress(bytes, maxDecompressedSize);
      }
      return switch (type) {
        case Flags.BYTES -> data;
        case Flags.TEXT -> PythonReads.text(data);
        case Flags.INTEGER, Flags.LONG -> PythonReads.integer(data);
        default -> PythonReads.unpickle(data);
      };
    } catch (CorruptValueException e) {
      throw failure(key, flags, e.getMessage(), e);
    }
  }

  private static final int TYPE_BITS = Flags.PICKLE | Flags.INTEGER | Flags.LONG | Flags.TEXT;

  /**
   * The one type python-memcached and pymemcache take from the type bits: text first, pickle last.
   */
  private static int typeOf(int types) {
    if ((types & Flags.TEXT) != 0) return Flags.TEXT;
    if ((types & Flags.INTEGER) != 0) return Flags.INTEGER;
    if ((types & Flags.LONG) != 0) return Flags.LONG;
    return types & Flags.PICKLE;
  }

  private static boolean isType(int flags) {
    return flags == Flags.BYTES
        || flags == Flags.PICKLE
        || flags == Flags.INTEGER
        || flags == Flags.LONG
        || flags == Flags.TEXT;
  }

  private static MemcacheDecodeException failure(
      String key, int flags, String reason, Throwable cause) {
    return new MemcacheDecodeException(
        "cannot decode key '"
            + key
            + "' with flags "
            + Integer.toUnsignedString(flags)
            + " ("
            + describe(flags)
            + "): "
            + reason,
        cause);
  }

  /** {@code BYTES}, {@code PICKLE|ZLIB}, {@code INTEGER|0x100}, ... */
  static String describe(int flags) {
    if (flags == 0) return "BYTES";
    String[] names = {"PICKLE", "INTEGER", "LONG", "ZLIB", "TEXT", "LZ4"};
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < names.length; bit++) {
      if ((flags & (1 << bit)) != 0) sb.append(sb.isEmpty() ? "" : "|").append(names[bit]);
    }
    int unknown = flags & ~0x3f;
    if (unknown != 0)
      sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(unknown));
    return sb.toString();
  }

  @Override
  public String toString() {
    return "PythonValueCodec{compressionThreshold="
        + compressionThreshold
        + ", compression="
        + compression
        + ", zlibLevel="
        + zlibLevel
        + ", maxDecompressedSize="
        + maxDecompressedSize
        + "}";
  }

  /** Settings for a {@link PythonValueCodec}; every setter documents its default. */
  public static final class Builder {
    private int compressionThreshold = 0;
    private Compression compression = Compression.ZLIB;
    private int zlibLevel = Deflater.DEFAULT_COMPRESSION;
    private int maxDecompressedSize = 16 * 1024 * 1024;

    private Builder() {}

    /**
     * Values whose encoded form is longer than this many bytes are compressed, when that makes them
     * smaller; 0 turns compression off. Same meaning as Python's {@code min_compress_len}. Default
     * 0.
     *
     * @param bytes the threshold in bytes; 0 for no compression
     * @return this builder
     */
    public Builder compressionThreshold(int bytes) {
      if (bytes < 0)
        throw new IllegalArgumentException(
            "compressionThreshold must be >= 0 (0 = off), was " + bytes);
      this.compressionThreshold = bytes;
      return this;
    }

    /**
     * The compression used above the threshold; default {@link Compression#ZLIB}.
     *
     * @param compression the compression
     * @return this builder
     */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * zlib level 0 to 9, or -1 for zlib's default (6, as Python's {@code zlib.compress}); default
     * -1.
     *
     * @param level the level, -1 to 9
     * @return this builder
     */
    public Builder zlibLevel(int level) {
      if (level < -1 || level > 9)
        throw new IllegalArgumentException("zlibLevel must be -1..9, was " + level);
      this.zlibLevel = level;
      return this;
    }

    /**
     * The largest value a compressed payload may expand to; larger ones fail to decode instead of
     * exhausting memory (decompression bombs). Larger values are not compressed when written.
     * Default 16 MiB.
     *
     * @param bytes the size in bytes, at least 1
     * @return this builder
     */
    public Builder maxDecompressedSize(int bytes) {
      if (bytes < 1)
        throw new IllegalArgumentException("maxDecompressedSize must be positive, was " + bytes);
      this.maxDecompressedSize = bytes;
      return this;
    }

    /**
     * The codec.
     *
     * @return a codec with these settings
     */
    public PythonValueCodec build() {
      return new PythonValueCodec(this);
    }
  }
}
