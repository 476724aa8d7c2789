package dev.memcache.core.codec;

/** Flag bits shared with the Python clients (python-memcached, pylibmc, pymemcache). */
public final class Flags {
  /** Raw bytes. */
  public static final int BYTES = 0;

  /** A Python pickle. */
  public static final int PICKLE = 1;

  /** An integer as decimal ASCII (python-memcached, pymemcache). */
  public static final int INTEGER = 2;

  /** A long as decimal ASCII (pylibmc writes this for every int). */
  public static final int LONG = 4;

  /** zlib-compressed payload (RFC 1950 stream). */
  public static final int ZLIB = 8;

  /** UTF-8 text. */
  public static final int TEXT = 16;

  /**
   * LZ4-compressed, JVM-to-JVM ({@link PythonValueCodec} with {@code Compression.LZ4}). Set alone:
   * the value's own flags travel inside the payload, so a Python client never mistakes LZ4 bytes
   * for text, an integer or a pickle (python-memcached raises {@code ValueError: Unknown flags on
   * get: 20}; pylibmc and pymemcache return the raw payload as {@code bytes}). Bit 5 is the lowest
   * bit that none of python-memcached, pylibmc and pymemcache use, and it is clear of the bits the
   * Java clients spymemcached and Xmemcached use (1, 2 and 0xff00).
   */
  public static final int LZ4 = 32;

  private Flags() {}
}
