package dev.memcache.core.internal.codec;

import dev.memcache.core.internal.compress.Formats;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * How {@link dev.memcache.core.codec.PythonValueCodec} reads the bytes of each Python type once the
 * flags have chosen it, as the Python clients read them. Each method fails with a {@link
 * CorruptValueException} (which the codec turns into a decode failure naming the key and flags).
 */
public final class PythonReads {
  private PythonReads() {}

  /**
   * UTF-8 text (flags 16), strictly: malformed bytes fail.
   *
   * @param data the stored bytes
   * @return the text
   */
  public static String text(byte[] data) {
    // The JDK's String decoding (no decoder, no char buffer: a third of the allocation) replaces
    // malformed input with U+FFFD; without one in the result, the bytes were valid UTF-8.
    String s = new String(data, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') < 0) return s;
    try { // malformed, or text that holds U+FFFD itself: the strict decoder tells which
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      throw new CorruptValueException("not valid UTF-8 text" + Formats.guess(data), e);
    }
  }

  /**
   * Python's {@code int(bytes)}: ASCII whitespace around, an optional sign, decimal digits with
   * single underscores between them ({@code 1_000}).
   */
  public static Object integer(byte[] data) {
    String s = pythonStrip(new String(data, StandardCharsets.US_ASCII));
    String digits = s.indexOf('_') < 0 ? s : withoutUnderscores(s);
    if (digits.length() > RestrictedUnpickler.MAX_INT_DIGITS + 1) {
      throw new CorruptValueException(
          "integer of "
              + digits.length()
              + " characters, over Python's "
              + RestrictedUnpickler.MAX_INT_DIGITS
              + "-digit limit");
    }
    try {
      BigInteger big = new BigInteger(digits);
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    } catch (NumberFormatException e) {
      String shown = s.length() <= 40 ? s : s.substring(0, 40) + "...";
      throw new CorruptValueException(
          "not a decimal integer: '"
              + shown.replaceAll("[^\\x20-\\x7e]", "?")
              + "'"
              + Formats.guess(data),
          e);
    }
  }

  /** Whitespace as {@code int(bytes)} skips it: space, tab, LF, VT, FF, CR. */
  private static String pythonStrip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && " \t\n\u000b\f\r".indexOf(s.charAt(from)) >= 0) from++;
    while (to > from && " \t\n\u000b\f\r".indexOf(s.charAt(to - 1)) >= 0) to--;
    return s.substring(from, to);
  }

  /** {@code 1_000} as {@code 1000}; an underscore not between two digits is left in (and fails). */
  private static String withoutUnderscores(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean between =
          c == '_'
              && i > 0
              && i + 1 < s.length()
              && isDigit(s.charAt(i - 1))
              && isDigit(s.charAt(i + 1));
      if (c != '_' || !between) sb.append(c);
    }
    return sb.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public static Object unpickle(byte[] data) {
    try {
      return RestrictedUnpickler.unpickle(data);
    } catch (CorruptValueException e) {
      String hint = Formats.guess(data);
      throw hint.isEmpty() ? e : new CorruptValueException(e.getMessage() + hint, e);
    }
  }
}
