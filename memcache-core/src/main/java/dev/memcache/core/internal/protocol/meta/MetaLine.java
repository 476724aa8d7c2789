package dev.memcache.core.internal.protocol.meta;

import static dev.memcache.core.internal.protocol.MetaGet.STALE;
import static dev.memcache.core.internal.protocol.MetaGet.WIN;
import static dev.memcache.core.internal.protocol.MetaGet.WINNER_CHOSEN;

import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.AsciiLines;
import dev.memcache.core.internal.protocol.MetaGet;

/**
 * One meta reply line ({@code VA <size> <flags>*}, {@code HD}, {@code EN}, ...) parsed in place.
 */
final class MetaLine {
  /** The two-letter code, as {@code 'V' << 8 | 'A'}. */
  int code;

  long size;
  boolean hasOpaque;
  int opaque;
  int flags;
  long cas;

  /** {@link MetaGet#WIN}, {@link MetaGet#STALE}, {@link MetaGet#WINNER_CHOSEN}. */
  int bits;

  static int code(char a, char b) {
    return a << 8 | b;
  }

  static final int VA = code('V', 'A'),
      HD = code('H', 'D'),
      EN = code('E', 'N'),
      NF = code('N', 'F');
  static final int NS = code('N', 'S'), EX = code('E', 'X'), MN = code('M', 'N');

  /** Reads the line {@code a[start, eol)}; throws when it is not a meta reply. */
  void parse(Request<?> r, byte[] a, int start, int eol) {
    code = flags = bits = 0;
    size = cas = 0;
    hasOpaque = false;
    if (eol - start < 2 || eol > start + 2 && a[start + 2] != ' ')
      throw AsciiLines.garbage(r, a, start, eol);
    code = code((char) a[start], (char) a[start + 1]);
    if (code != VA && code != HD && code != EN && code != NF && code != NS && code != EX)
      throw AsciiLines.garbage(r, a, start, eol);
    int p = start + 3;
    if (code == VA) {
      int end = tokenEnd(a, p, eol);
      size = AsciiLines.unsigned(r, a, p, end, start, eol);
      if (size > Integer.MAX_VALUE - 1024) throw AsciiLines.garbage(r, a, start, eol);
      p = end + 1;
    }
    while (p < eol) {
      int end = tokenEnd(a, p, eol);
      if (end == p) throw AsciiLines.garbage(r, a, start, eol);
      switch (a[p]) {
        case 'O' -> {
          long o = AsciiLines.unsigned(r, a, p + 1, end, start, eol);
          if (o > 0xffffffffL) throw AsciiLines.garbage(r, a, start, eol);
          opaque = (int) o;
          hasOpaque = true;
        }
        case 'f' -> {
          long f = AsciiLines.unsigned(r, a, p + 1, end, start, eol);
          if (f > 0xffffffffL) throw AsciiLines.garbage(r, a, start, eol);
          flags = (int) f;
        }
        case 'c' -> cas = AsciiLines.unsigned(r, a, p + 1, end, start, eol);
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
}
