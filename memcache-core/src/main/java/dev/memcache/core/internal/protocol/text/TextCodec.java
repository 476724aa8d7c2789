package dev.memcache.core.internal.protocol.text;

import static dev.memcache.core.internal.protocol.AsciiLines.ascii;
import static dev.memcache.core.internal.protocol.AsciiLines.number;
import static dev.memcache.core.internal.protocol.AsciiLines.put;
import static dev.memcache.core.internal.protocol.AsciiLines.startsWith;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.AsciiLines;
import dev.memcache.core.internal.protocol.Counter;
import dev.memcache.core.internal.protocol.Flush;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.GetAndTouch;
import dev.memcache.core.internal.protocol.MultiGet;
import dev.memcache.core.internal.protocol.ServerErrors;
import dev.memcache.core.internal.protocol.Stats;
import dev.memcache.core.internal.protocol.StatsReply;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.Touch;
import dev.memcache.core.internal.protocol.Verbosity;
import dev.memcache.core.internal.protocol.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The classic text protocol. Replies are parsed in place; a {@code VALUE} line must name a key of
 * its request, and declare no more bytes than the configured item size limit.
 */
public final class TextCodec implements ProtocolCodec {
  private final int maxValueSize;

  /** A codec reading values of at most {@link ProtocolCodec#DEFAULT_MAX_VALUE} bytes. */
  public TextCodec() {
    this(DEFAULT_MAX_VALUE);
  }

  /**
   * A codec reading values of at most {@code maxValueSize} bytes; a reply declaring more is a
   * protocol error.
   */
  public TextCodec(int maxValueSize) {
    this.maxValueSize = maxValueSize;
  }

  private static final byte[] VALUE = ascii("VALUE "),
      END = ascii("END"),
      STAT = ascii("STAT "),
      VERSION = ascii("VERSION ");
  private static final byte[] STORED = ascii("STORED"),
      NOT_STORED = ascii("NOT_STORED"),
      EXISTS = ascii("EXISTS");
  private static final byte[] NOT_FOUND = ascii("NOT_FOUND"),
      DELETED = ascii("DELETED"),
      TOUCHED = ascii("TOUCHED"),
      OK = ascii("OK");
  private static final byte[] CRLF = {'\r', '\n'};

  @Override
  public int maxEncodedLength(Request<?> r) {
    int keys = r.key != null ? r.key.length() : 0;
    if (r.keys() != null) for (String k : r.keys()) keys += k.length() + 1;
    return 96 + keys + r.valueLength() + r.argumentLength();
  }

  @Override
  public boolean expectsReply(Request<?> r) {
    return !r.noreply && r.command != Command.QUIT;
  }

  @Override
  public int bytesAfterValue(Request<?> r) {
    return r instanceof Store<?> ? 0 : -1; // noreply is a word of the command line, not a request
  }

  /** Keys on one merged line at most (a line may end a little over it); this bounds the reply. */
  static final int MAX_MERGED_KEYS = 100;

  /**
   * Gets and multi-gets written one after another share one {@code get k1 k2 ...} line (gets
   * likewise share a {@code gets} line): memcached answers a line of many keys for a fraction of
   * the cost of as many lines (measured: 5.3 us of server CPU per get at 5 gets per read, against
   * under 1 us when merged). The decoder tells each request's blocks apart by its keys.
   */
  @Override
  public void encode(Request<?> r, ByteBuffer out, Request<?> previous) {
    int kind = lineKind(r);
    if (kind != 0
        && previous != null
        && kind == lineKind(previous)
        && previous.lineKeys < MAX_MERGED_KEYS) {
      out.position(out.position() - 2); // reopen the previous line
      keys(r, out);
      previous.moreKeysFollow = true;
      r.lineKeys = (char) (previous.lineKeys + keyCount(r));
      return;
    }
    encode(r, out);
    r.lineKeys = (char) keyCount(r);
  }

  /** Gets share a {@code get} line, gets with CAS a {@code gets} line; nothing else shares one. */
  @Override
  public int lineKind(Request<?> r) {
    return switch (r.command) {
      case GET, MULTI_GET -> 1;
      case GETS, MULTI_GETS -> 2;
      default -> 0;
    };
  }

  private static int keyCount(Request<?> r) {
    return r.keys() == null ? 1 : r.keys().length;
  }

  /** Appends {@code " k1 k2 ...\r\n"}. */
  private static void keys(Request<?> r, ByteBuffer out) {
    if (r.keys() == null) {
      out.put((byte) ' ');
      Keys.put(out, r.key);
    } else {
      for (String k : r.keys()) {
        out.put((byte) ' ');
        Keys.put(out, k);
      }
    }
    out.put(CRLF);
  }

  @Override
  public void encode(Request<?> r, ByteBuffer out) {
    switch (r.command) {
      case GET, GETS, MULTI_GET, MULTI_GETS -> {
        put(out, lineKind(r) == 1 ? "get" : "gets");
        keys(r, out);
      }
      case GAT, GATS -> {
        number(out, r.command == Command.GAT ? "gat " : "gats ", ((GetAndTouch<?>) r).exptime);
        Keys.put(out.put((byte) ' '), r.key);
        out.put(CRLF);
      }
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS -> storage((Store<?>) r, out);
      case DELETE -> {
        keyed(r, out, "delete ");
        end(r, out);
      }
      case INCR, DECR -> {
        keyed(r, out, r.command == Command.INCR ? "incr " : "decr ");
        number(out, " ", ((Counter<?>) r).delta);
        end(r, out);
      }
      case TOUCH -> {
        keyed(r, out, "touch ");
        number(out, " ", ((Touch<?>) r).exptime);
        end(r, out);
      }
      case FLUSH_ALL -> {
        int delay = ((Flush<?>) r).delay;
        put(out, (delay > 0 ? "flush_all " + delay : "flush_all") + "\r\n");
      }
      case STATS -> {
        String group = ((Stats<?>) r).group;
        put(out, (group == null ? "stats" : "stats " + group) + "\r\n");
      }
      case VERSION -> put(out, "version\r\n");
      case VERBOSITY -> put(out, "verbosity " + ((Verbosity<?>) r).level + "\r\n");
      case QUIT -> put(out, "quit\r\n");
      case NOOP -> throw new UnsupportedOperationException("the text protocol has no noop");
    }
  }

  private static void storage(Store<?> r, ByteBuffer out) {
    keyed(
        r,
        out,
        switch (r.command) {
          case SET -> "set ";
          case ADD -> "add ";
          case REPLACE -> "replace ";
          case APPEND -> "append ";
          case PREPEND -> "prepend ";
          default -> "cas ";
        });
    number(out, " ", Integer.toUnsignedLong(r.flags));
    number(out, " ", r.exptime);
    number(out, " ", r.value.length);
    if (r.command == Command.CAS) number(out, " ", r.cas);
    end(r, out);
    out.put(r.value);
    out.put(CRLF);
  }

  /** {@code verb key}, the start of a line about one key. */
  private static void keyed(Request<?> r, ByteBuffer out, String verb) {
    put(out, verb);
    Keys.put(out, r.key);
  }

  /** The end of a command line: {@code noreply} when asked, then CRLF. */
  private static void end(Request<?> r, ByteBuffer out) {
    if (r.noreply) put(out, " noreply");
    out.put(CRLF);
  }

  @Override
  public int decode(Request<?> r, ByteBuffer in, ReplyState reply) {
    return switch (r.command) {
      case GET, GETS, GAT, GATS, MULTI_GET, MULTI_GETS -> values(r, in, reply);
      case STATS -> stats(r, in, reply);
      default -> status(r, in, reply);
    };
  }

  /**
   * {@code VALUE <key> <flags> <bytes> [<cas>]\r\n<data>\r\n}... {@code END\r\n}. A request sharing
   * its line with later ones ({@link Request#moreKeysFollow}) takes the blocks for its own keys
   * still waiting for one; the END, or a block only a later request of the line asked for, ends it
   * and stays for them. Memcached answers a line's keys in order, one block per hit and per
   * occurrence, so a key asked twice gets a block per slot and no block is ever taken twice.
   */
  private int values(Request<?> r, ByteBuffer in, ReplyState reply) {
    byte[] a = in.array();
    if (reply.filling != null) {
      if (!AsciiLines.endFilledValue(r, in, reply)) return 2;
      if (reply.fillEnds) return DONE;
    }
    while (true) {
      int start = in.position();
      int eol = AsciiLines.end(in, start);
      if (eol < 0) return need(in, start);
      boolean shared = r.moreKeysFollow;
      if (!startsWith(a, start, eol, VALUE)) {
        if (equals(a, start, eol, END)) {
          if (!shared) in.position(eol + 2); // the last request of the line reads its END
          if (r.status() == null) r.status(Status.MISS);
          return DONE;
        }
        // An error line on a shared line: whose it is, is unclear.
        if (shared) throw AsciiLines.garbage(r, a, start, eol);
        return error(r, in, start, eol, reply);
      }
      // Header fields: key, flags, bytes, optional cas.
      int p = start + VALUE.length;
      int keyEnd = indexOf(a, p, eol, (byte) ' ');
      if (keyEnd < 0) throw AsciiLines.garbage(r, a, start, eol);
      int slot = waitingSlot(r, a, p, keyEnd);
      if (slot < 0) {
        if (shared && laterKeyOnLine(r, a, p, keyEnd)) {
          if (r.status() == null) r.status(Status.MISS);
          return DONE;
        }
        // A block nobody waits for: the stream is out of step.
        throw AsciiLines.garbage(r, a, start, eol);
      }
      int flagsEnd = indexOf(a, keyEnd + 1, eol, (byte) ' ');
      if (flagsEnd < 0) throw AsciiLines.garbage(r, a, start, eol);
      int lenEnd = indexOf(a, flagsEnd + 1, eol, (byte) ' ');
      long flags = AsciiLines.unsigned(r, a, keyEnd + 1, flagsEnd, start, eol);
      long length = AsciiLines.unsigned(r, a, flagsEnd + 1, lenEnd < 0 ? eol : lenEnd, start, eol);
      long cas = lenEnd < 0 ? 0 : AsciiLines.unsigned(r, a, lenEnd + 1, eol, start, eol);
      if (flags > 0xffffffffL) throw AsciiLines.garbage(r, a, start, eol);
      ProtocolCodec.checkValueLength(r, length, maxValueSize);
      int dataStart = eol + 2;
      long blockEnd = (long) dataStart + length + 2;
      // Filled unless the whole block, CRLF included, is buffered: no value sizes the read buffer.
      boolean fill = ProtocolCodec.fills(length, in.limit() - dataStart - 2L);
      if (blockEnd > in.limit() && !fill) return (int) (blockEnd - start);
      int dataEnd = (int) (dataStart + length);
      if (fill) reply.filling = new byte[(int) length];
      else if (a[dataEnd] != '\r' || a[dataEnd + 1] != '\n')
        throw AsciiLines.garbage(r, a, start, eol);
      byte[] data = ProtocolCodec.value(reply, a, dataStart, (int) length);
      if (r instanceof MultiGet<?> m) m.hit(slot, (int) flags, data, cas);
      else ((Get<?>) r).hit((int) flags, data, cas);
      boolean ends = shared && r.keys() == null; // a single get has nothing more on the line
      if (fill) {
        reply.fillEnds = ends;
        in.position(dataStart);
        return FILL;
      }
      in.position((int) blockEnd);
      if (ends) return DONE;
    }
  }

  /**
   * Whether a request after {@code r} on the same line asked for the key at {@code a[from, to)}.
   */
  private static boolean laterKeyOnLine(Request<?> r, byte[] a, int from, int to) {
    for (Request<?> q = r; q.moreKeysFollow && (q = q.nextInFlight()) != null; ) {
      if (waitingSlot(q, a, from, to) >= 0) return true;
    }
    return false;
  }

  /**
   * The first position of {@code r} asking for the key at {@code a[from, to)} that has no block
   * yet; -1 for none.
   */
  private static int waitingSlot(Request<?> r, byte[] a, int from, int to) {
    String[] keys = r.keys();
    if (keys == null) return r.status() != Status.HIT && Keys.matches(a, from, to, r.key) ? 0 : -1;
    MultiGet<?> m = (MultiGet<?>) r;
    for (int i = 0; i < keys.length; i++) {
      if (!m.answered(i) && Keys.matches(a, from, to, keys[i])) return i;
    }
    return -1;
  }

  private int stats(Request<?> r, ByteBuffer in, ReplyState reply) {
    byte[] a = in.array();
    StatsReply stats = ((Stats<?>) r).reading();
    while (true) {
      int start = in.position();
      int eol = AsciiLines.end(in, start);
      if (eol < 0) return need(in, start);
      if (equals(a, start, eol, END)) {
        in.position(eol + 2);
        r.status(Status.OK);
        return DONE;
      }
      if (!startsWith(a, start, eol, STAT)) return error(r, in, start, eol, reply);
      int nameStart = start + STAT.length;
      int space = indexOf(a, nameStart, eol, (byte) ' ');
      if (space < 0) stats.add(r, a, nameStart, eol, eol, eol);
      else stats.add(r, a, nameStart, space, space + 1, eol);
      in.position(eol + 2);
    }
  }

  /** One-line replies: storage, delete, touch, incr/decr, flush, version, verbosity. */
  private int status(Request<?> r, ByteBuffer in, ReplyState reply) {
    byte[] a = in.array();
    int start = in.position();
    int eol = AsciiLines.end(in, start);
    if (eol < 0) return need(in, start);
    Status s = null;
    switch (r.command) {
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS -> {
        if (equals(a, start, eol, STORED)) s = Status.STORED;
        else if (equals(a, start, eol, NOT_STORED)) s = Status.NOT_STORED;
        else if (equals(a, start, eol, EXISTS)) s = Status.EXISTS;
        else if (equals(a, start, eol, NOT_FOUND)) s = Status.NOT_FOUND;
      }
      case DELETE ->
          s =
              equals(a, start, eol, DELETED)
                  ? Status.DELETED
                  : equals(a, start, eol, NOT_FOUND) ? Status.NOT_FOUND : null;
      case TOUCH ->
          s =
              equals(a, start, eol, TOUCHED)
                  ? Status.TOUCHED
                  : equals(a, start, eol, NOT_FOUND) ? Status.NOT_FOUND : null;
      case INCR, DECR -> {
        if (equals(a, start, eol, NOT_FOUND)) s = Status.NOT_FOUND;
        else if (eol > start && a[start] >= '0' && a[start] <= '9') {
          ((Counter<?>) r).counted(AsciiLines.unsigned(r, a, start, eol, start, eol));
          s = Status.NUMBER;
        }
      }
      case FLUSH_ALL, VERBOSITY -> s = equals(a, start, eol, OK) ? Status.OK : null;
      case VERSION -> {
        if (startsWith(a, start, eol, VERSION)) {
          // A plain request (a probe's round trip) reads the version and drops it.
          if (r instanceof Version<?> v)
            v.version(
                new String(a, start + VERSION.length, eol - start - VERSION.length, US_ASCII));
          s = Status.OK;
        }
      }
      default -> {}
    }
    if (s == null) return error(r, in, start, eol, reply);
    r.status(s);
    in.position(eol + 2);
    return DONE;
  }

  /** An error line ends the request with the matching exception; anything else is garbage. */
  private static int error(Request<?> r, ByteBuffer in, int start, int eol, ReplyState reply) {
    MemcacheException e = ServerErrors.fromLine(r, in.array(), start, eol);
    if (e == null) throw AsciiLines.garbage(r, in.array(), start, eol);
    reply.error = e;
    in.position(eol + 2);
    return DONE;
  }

  private static int need(ByteBuffer in, int start) {
    return in.limit() - start + 1;
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int i = from; i < to; i++) if (a[i] == b) return i;
    return -1;
  }

  private static boolean equals(byte[] a, int from, int to, byte[] word) {
    return Arrays.equals(a, from, to, word, 0, word.length);
  }
}
