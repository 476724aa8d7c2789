package dev.memcache.core.internal.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reading CRLF-terminated reply lines in place, and writing command lines without building strings;
 * shared by the text and meta codecs.
 */
public final class AsciiLines {
  /**
   * Longest reply line accepted, CRLF excluded: a longer one (or that many bytes with no CRLF) is a
   * protocol error, not an ever-growing buffer. memcached's lines are far shorter (a {@code VALUE}
   * line holds one key of at most 250 bytes).
   */
  public static final int MAX_LINE = 8192;

  private AsciiLines() {}

  /** The bytes of an ASCII constant. */
  public static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }

  /** Whether {@code a[from, to)} starts with {@code prefix}. */
  public static boolean startsWith(byte[] a, int from, int to, byte[] prefix) {
    return to - from >= prefix.length
        && Arrays.equals(a, from, from + prefix.length, prefix, 0, prefix.length);
  }

  /** Writes {@code ascii} (ASCII only) one byte per char. */
  public static void put(ByteBuffer out, String ascii) {
    for (int i = 0; i < ascii.length(); i++) out.put((byte) ascii.charAt(i));
  }

  /** Writes {@code prefix} and {@code value} as unsigned decimal, the digits in place. */
  public static void number(ByteBuffer out, String prefix, long value) {
    put(out, prefix);
    if (value < 0) {
      put(out, Long.toUnsignedString(value)); // 2^63 and up: rare (cas ids, wrapped deltas)
      return;
    }
    int length = 1;
    for (long rest = value; rest >= 10; rest /= 10) length++;
    int end = out.position() + length;
    for (int i = end - 1; i >= end - length; i--, value /= 10)
      out.put(i, (byte) ('0' + value % 10));
    out.position(end);
  }

  /**
   * Index of the {@code \r} ending the line at {@code from}, or -1 while the line is incomplete.
   */
  public static int end(ByteBuffer in, int from) {
    byte[] a = in.array();
    int limit = Math.min(in.limit(), from + MAX_LINE + 2);
    for (int i = from; i < limit; i++) {
      if (a[i] == '\n') {
        if (i > from && a[i - 1] == '\r') return i - 1;
        throw new MemcacheProtocolException(
            "bare line feed in reply: '" + text(a, from, Math.min(i, from + 80)) + "'");
      }
    }
    if (in.limit() - from >= MAX_LINE + 2) {
      throw new MemcacheProtocolException(
          "reply line longer than " + MAX_LINE + " bytes: '" + text(a, from, from + 80) + "...'");
    }
    return -1;
  }

  /**
   * After a value the connection read into {@code reply.filling}: steps over the CRLF ending its
   * block and clears {@code reply.filling}; false while the CRLF is not buffered yet.
   */
  public static boolean endFilledValue(Request<?> r, ByteBuffer in, ReplyState reply) {
    if (in.remaining() < 2) return false;
    byte[] a = in.array();
    int p = in.position();
    if (a[p] != '\r' || a[p + 1] != '\n') throw garbage(r, a, p, p + 2);
    in.position(p + 2);
    reply.filling = null;
    return true;
  }

  /** An unsigned decimal of up to 20 digits (64-bit counters and cas ids); garbage otherwise. */
  public static long unsigned(Request<?> r, byte[] a, int from, int to, int lineStart, int eol) {
    int n = to - from;
    if (n <= 0 || n > 20) throw garbage(r, a, lineStart, eol);
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = a[i] - '0';
      if (d < 0 || d > 9) throw garbage(r, a, lineStart, eol);
      v = v * 10 + d;
    }
    if (n < 19) return v;
    try {
      return Long.parseUnsignedLong(text(a, from, to));
    } catch (NumberFormatException e) {
      throw garbage(r, a, lineStart, eol);
    }
  }

  /** The error for a line that is not a reply to {@code r}: the connection is then closed. */
  public static MemcacheProtocolException garbage(Request<?> r, byte[] a, int start, int eol) {
    return new MemcacheProtocolException(
        r.describe() + ": unexpected reply '" + text(a, start, Math.min(eol, start + 80)) + "'");
  }

  public static String text(byte[] a, int from, int to) {
    return new String(a, from, to - from, US_ASCII);
  }
}
