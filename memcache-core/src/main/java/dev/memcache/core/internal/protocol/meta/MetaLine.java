package dev.memcache.core.internal.protocol.meta;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.internal.connection.Request;
import java.nio.ByteBuffer;

/** One meta reply line ({@code VA <size> <flags>*}, {@code HD}, {@code EN}, ...) parsed in place. */
final class MetaLine {
  /** Longest reply line accepted before the bytes are taken as garbage. */
  static final int MAX_LINE = 8192;
  static final int WIN = 1, STALE = 2, WINNER_CHOSEN = 4;

  /** The two-letter code, as {@code 'V' << 8 | 'A'}. */
  int code;
  long size;
  boolean hasOpaque;
  int opaque;
  int flags;
  long cas;
  /** {@link #WIN}, {@link #STALE}, {@link #WINNER_CHOSEN}. */
  int bits;

  static int code(char a, char b) {
    return a << 8 | b;
  }

  static final int VA = code('V', 'A'), HD = code('H', 'D'), EN = code('E', 'N'), NF = code('N', 'F');
  static final int NS = code('N', 'S'), EX = code('E', 'X'), MN = code('M', 'N');

  /** Reads the line {@code a[start, eol)}; throws when it is not a meta reply. */
  void parse(Request<?> r, byte[] a, int start, int eol) {
    code = flags = bits = 0;
    size = cas = 0;
    hasOpaque = false;
    if (eol - start < 2 || eol > start + 2 && a[start + 2] != ' ') throw garbage(r, a, start, eol);
    code = code((char) a[start], (char) a[start + 1]);
    if (code != VA && code != HD && code != EN && code != NF && code != NS && code != EX) throw garbage(r, a, start, eol);
    int p = start + 3;
    if (code == VA) {
      int end = tokenEnd(a, p, eol);
      size = number(r, a, p, end, start, eol);
      if (size > Integer.MAX_VALUE - 1024) throw garbage(r, a, start, eol);
      p = end + 1;
    }
    while (p < eol) {
      int end = tokenEnd(a, p, eol);
      if (end == p) throw garbage(r, a, start, eol);
      switch (a[p]) {
        case 'O' -> {
          long o = number(r, a, p + 1, end, start, eol);
          if (o > 0xffffffffL) throw garbage(r, a, start, eol);
          opaque = (int) o;
          hasOpaque = true;
        }
        case 'f' -> {
          long f = number(r, a, p + 1, end, start, eol);
          if (f > 0xffffffffL) throw garbage(r, a, start, eol);
          flags = (int) f;
        }
        case 'c' -> cas = number(r, a, p + 1, end, start, eol);
        case 'W' -> bits |= WIN;
        case 'X' -> bits |= STALE;
        case 'Z' -> bits |= WINNER_CHOSEN;
        default -> {} // k, b, t, s, ...: not asked for, or not needed
      }
      p = end + 1;
    }
  }

  private static int tokenEnd(byte[] a, int from, int eol) {
    for (int i = from; i < eol; i++) if (a[i] == ' ') return i;
    return eol;
  }

  /** An unsigned decimal of up to 20 digits (64-bit counters and cas ids). */
  static long number(Request<?> r, byte[] a, int from, int to, int lineStart, int eol) {
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
      return Long.parseUnsignedLong(new String(a, from, n, US_ASCII));
    } catch (NumberFormatException e) {
      throw garbage(r, a, lineStart, eol);
    }
  }

  /** Index of the {@code \r} ending the line at {@code from}, or -1 while the line is incomplete. */
  static int end(ByteBuffer in, int from) {
    byte[] a = in.array();
    int limit = in.limit();
    for (int i = from; i < limit; i++) {
      if (a[i] == '\n') {
        if (i > from && a[i - 1] == '\r') return i - 1;
        throw new MemcacheProtocolException("bare line feed in reply: '" + text(a, from, Math.min(i, from + 80)) + "'");
      }
    }
    if (limit - from > MAX_LINE) throw new MemcacheProtocolException("reply line longer than " + MAX_LINE + " bytes");
    return -1;
  }

  static MemcacheProtocolException garbage(Request<?> r, byte[] a, int start, int eol) {
    return new MemcacheProtocolException(r.describe() + ": unexpected reply '" + text(a, start, Math.min(eol, start + 80)) + "'");
  }

  static String text(byte[] a, int from, int to) {
    return new String(a, from, to - from, US_ASCII);
  }
}
