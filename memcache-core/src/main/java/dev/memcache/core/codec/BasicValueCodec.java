package dev.memcache.core.codec;

import dev.memcache.core.MemcacheDecodeException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Bytes, strings and integers under the Python clients' flags: {@code byte[]} as flags 0, {@code
 * String} as 16 (UTF-8), {@code Integer}/{@code Long}/{@code BigInteger} as 2 (decimal). Reads
 * flags 4 (pylibmc's integers) as an integer too. Integers come back as {@code Long}, or {@code
 * BigInteger} when they do not fit.
 */
public class BasicValueCodec implements ValueCodec {
  /** The shared instance. */
  public static final BasicValueCodec INSTANCE = new BasicValueCodec();

  /** A codec; subclasses extend it with more types (use {@link #INSTANCE} otherwise). */
  public BasicValueCodec() {}

  @Override
  public CachedValue encode(Object value) {
    CachedValue basic = encodeBasic(value);
    if (basic != null) return basic;
    if (value == null)
      throw new IllegalArgumentException(
          "null values are not supported by " + getClass().getSimpleName());
    throw new IllegalArgumentException(
        "cannot store a "
            + value.getClass().getName()
            + ": use byte[], String or an integer, or configure a ValueCodec");
  }

  /** Bytes, strings and integers under their flags; null for any other value (and for null). */
  static CachedValue encodeBasic(Object value) {
    if (value instanceof byte[] b) return new CachedValue(Flags.BYTES, b);
    if (value instanceof String s)
      return new CachedValue(Flags.TEXT, s.getBytes(StandardCharsets.UTF_8));
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger
        || value instanceof Short
        || value instanceof Byte) {
      return new CachedValue(Flags.INTEGER, value.toString().getBytes(StandardCharsets.US_ASCII));
    }
    return null;
  }

  @Override
  public Object decode(String key, int flags, byte[] bytes) {
    return switch (flags) {
      case Flags.BYTES -> bytes;
      case Flags.TEXT -> text(key, flags, bytes);
      case Flags.INTEGER, Flags.LONG -> integer(key, flags, bytes);
      default ->
          throw new MemcacheDecodeException(
              "cannot decode key '"
                  + key
                  + "': flags "
                  + Integer.toUnsignedString(flags)
                  + " are not known to "
                  + getClass().getSimpleName());
    };
  }

  /**
   * Decodes UTF-8 strictly: malformed bytes are an error, not replacement characters.
   *
   * @param key the key, for the error message
   * @param flags the flags, for the error message
   * @param bytes the stored bytes
   * @return the text
   * @throws dev.memcache.core.MemcacheDecodeException when the bytes are not UTF-8
   */
  protected static String text(String key, int flags, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MemcacheDecodeException(
          "key '" + key + "' has flags " + flags + " (text) but is not valid UTF-8", e);
    }
  }

  /** Longest decimal integer read: Python's default {@code sys.int_info.default_max_str_digits}. */
  static final int MAX_INT_DIGITS = 4300;

  /**
   * Decodes a decimal integer as {@code Long}, or {@code BigInteger} when it does not fit.
   *
   * @param key the key, for the error message
   * @param flags the flags, for the error message
   * @param bytes the stored ASCII digits
   * @return a {@code Long}, or a {@code BigInteger} when it does not fit
   * @throws dev.memcache.core.MemcacheDecodeException when the bytes are not a decimal integer
   */
  protected static Object integer(String key, int flags, byte[] bytes) {
    String s = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (s.length() > MAX_INT_DIGITS + 1) { // parsing is quadratic; Python refuses these too
      throw new MemcacheDecodeException(
          "key '"
              + key
              + "' has flags "
              + flags
              + " (integer) but holds "
              + s.length()
              + " characters, over the "
              + MAX_INT_DIGITS
              + "-digit limit Python also applies");
    }
    try {
      BigInteger big = new BigInteger(s);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    } catch (NumberFormatException e) {
      throw new MemcacheDecodeException(
          "key '" + key + "' has flags " + flags + " (integer) but holds '" + abbreviate(s) + "'",
          e);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
