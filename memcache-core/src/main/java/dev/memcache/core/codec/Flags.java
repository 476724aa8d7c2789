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

  private Flags() {}
}
