package dev.memcache.core.internal.protocol.meta;

import static dev.memcache.core.internal.protocol.AsciiLines.number;
import static dev.memcache.core.internal.protocol.AsciiLines.put;
import static dev.memcache.core.internal.protocol.MetaGet.STALE;
import static dev.memcache.core.internal.protocol.MetaGet.WIN;
import static dev.memcache.core.internal.protocol.MetaGet.WINNER_CHOSEN;
import static dev.memcache.core.internal.protocol.meta.MetaLine.*;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.AsciiLines;
import dev.memcache.core.internal.protocol.Counter;
import dev.memcache.core.internal.protocol.Delete;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.GetAndTouch;
import dev.memcache.core.internal.protocol.MetaGet;
import dev.memcache.core.internal.protocol.MultiGet;
import dev.memcache.core.internal.protocol.ServerErrors;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.Touch;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meta protocol ({@code mg/ms/md/ma/mn}, memcached 1.6+). Every command carries an opaque token
 * ({@code O}) from a counter and every reply must echo its request's (a desync guard); the error
 * lines, which carry none, belong to the oldest request as in the text protocol. Multi-gets send
 * {@code mg ... q} per key but the last, whose reply (hit or miss) ends theirs: an {@code mn} would
 * make memcached flush its replies per multi-get (measured: half the keys/s); noreply writes send
 * {@code q} and {@code mn}, so failures are read and dropped. Keys with whitespace or control bytes
 * go base64-encoded ({@code b}). flush_all, stats, version and verbosity are text commands.
 */
public final class MetaCodec implements ProtocolCodec {
  private static final byte[] CRLF = {'\r', '\n'}, MN_LINE = {'m', 'n', '\r', '\n'};

  private final int maxValueSize;
  private final TextCodec text;
  private final AtomicInteger opaques = new AtomicInteger();

  /** A codec reading values of at most {@link ProtocolCodec#DEFAULT_MAX_VALUE} bytes. */
  public MetaCodec() {
    this(DEFAULT_MAX_VALUE);
  }

  /**
   * A codec reading values of at most {@code maxValueSize} bytes; a {@code VA} line declaring more
   * is a protocol error.
   */
  public MetaCodec(int maxValueSize) {
    this.maxValueSize = maxValueSize;
    this.text = new TextCodec(maxValueSize);
  }

  private static boolean isText(Command c) {
    return c == Command.FLUSH_ALL
        || c == Command.STATS
        || c == Command.VERSION
        || c == Command.VERBOSITY
        || c == Command.QUIT;
  }

  /** Whether the reply ends with {@code MN}: multi-get, noop, and quiet (noreply) writes. */
  private static boolean terminated(Request<?> r) {
    return switch (r.command) {
      case NOOP -> true;
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS, DELETE, INCR, DECR -> r.noreply;
      default -> false;
    };
  }

  @Override
  public int maxEncodedLength(Request<?> r) {
    if (isText(r.command)) return text.maxEncodedLength(r);
    int keys = r.key != null ? r.key.length() * 4 / 3 + 4 : 0;
    if (r.keys() != null) for (String k : r.keys()) keys += k.length() * 4 / 3 + 48;
    return 160 + keys + r.valueLength();
  }

  @Override
  public boolean expectsReply(Request<?> r) {
    return r.command != Command.QUIT;
  }

  /**
   * Consecutive quiet writes in one write batch share one {@code mn}: memcached flushes its replies
   * on every {@code mn}, so one per write made it write a packet per noreply request. The earlier
   * writes then end at the first line that is not theirs.
   */
  @Override
  public void encode(Request<?> r, ByteBuffer out, Request<?> previous) {
    if (previous != null && quietWrite(r) && quietWrite(previous)) {
      out.position(out.position() - MN_LINE.length); // drop the previous request's mn
      previous.moreKeysFollow = true;
    }
    encode(r, out);
  }

  @Override
  public int bytesAfterValue(Request<?> r) {
    return !(r instanceof Store<?>) ? -1 : quietWrite(r) ? MN_LINE.length : 0;
  }

  private static boolean quietWrite(Request<?> r) {
    return r.command != Command.NOOP && terminated(r); // text commands are never terminated
  }

  @Override
  public void encode(Request<?> r, ByteBuffer out) {
    if (isText(r.command)) {
      text.encode(r, out);
      return;
    }
    String[] keys = r.keys();
    int opaque = opaques.getAndAdd(keys != null ? keys.length : 1);
    r.opaque = opaque;
    boolean quiet = terminated(r);
    byte[] value = null;
    switch (r.command) {
      case GET, GETS, GAT, GATS -> {
        command(out, "mg ", r.key);
        put(out, r.command == Command.GET || r.command == Command.GAT ? " v f" : " v f c");
        if (r.command == Command.GAT || r.command == Command.GATS)
          number(out, " T", ((GetAndTouch<?>) r).exptime);
      }
      case MULTI_GET, MULTI_GETS -> {
        int last = keys.length - 1;
        for (int i = 0; i <= last; i++) {
          command(out, "mg ", keys[i]);
          put(out, r.command == Command.MULTI_GET ? " v f" : " v f c");
          if (i < last) put(out, " q");
          number(out, " O", Integer.toUnsignedLong(opaque + i));
          out.put(CRLF);
        }
        return;
      }
      case META_GET -> {
        MetaGet<?> m = (MetaGet<?>) r;
        command(out, "mg ", r.key);
        number(out, " v f c N", m.vivify);
        if (m.recache > 0) number(out, " R", m.recache);
      }
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS -> {
        Store<?> st = (Store<?>) r;
        value = st.value;
        command(out, "ms ", r.key, false);
        number(out, " ", value.length); // ms takes the length before any flag, b included
        if (Keys.needsBase64(r.key)) put(out, " b");
        if (r.command != Command.APPEND && r.command != Command.PREPEND) {
          number(out, " F", Integer.toUnsignedLong(st.flags));
          number(out, " T", st.exptime);
        }
        put(
            out,
            switch (r.command) {
              case ADD -> " ME";
              case REPLACE -> " MR";
              case APPEND -> " MA";
              case PREPEND -> " MP";
              default -> " MS";
            });
        if (r.command == Command.CAS) number(out, " C", st.cas);
      }
      case DELETE, INVALIDATE -> {
        Delete<?> d = (Delete<?>) r;
        command(out, "md ", r.key);
        if (d.cas != 0) number(out, " C", d.cas);
        if (r.command == Command.INVALIDATE) number(out, " I T", d.staleTtl);
      }
      case INCR, DECR -> {
        Counter<?> c = (Counter<?>) r;
        command(out, "ma ", r.key);
        if (r.command == Command.DECR) put(out, " MD");
        number(out, " D", c.delta);
        if (c.create) {
          number(out, " N", c.exptime);
          number(out, " J", c.initial);
        }
        if (!quiet) put(out, " v");
      }
      case TOUCH -> {
        command(out, "mg ", r.key);
        number(out, " T", ((Touch<?>) r).exptime);
      }
      case NOOP -> {
        out.put(MN_LINE);
        return;
      }
      default -> throw new IllegalStateException(r.command + " is not a meta command");
    }
    if (quiet) put(out, " q");
    number(out, " O", Integer.toUnsignedLong(opaque));
    out.put(CRLF);
    if (value != null) {
      out.put(value);
      out.put(CRLF);
    }
    if (quiet) out.put(MN_LINE);
  }

  /** {@code verb key}, with the key base64-encoded and flagged {@code b} when it must be. */
  private static void command(ByteBuffer out, String verb, String key) {
    command(out, verb, key, true);
  }

  private static void command(ByteBuffer out, String verb, String key, boolean flag) {
    put(out, verb);
    if (Keys.needsBase64(key)) {
      out.put(Base64.getEncoder().encode(Keys.bytes(key)));
      if (flag) put(out, " b");
    } else {
      Keys.put(out, key);
    }
  }

  @Override
  public int decode(Request<?> r, ByteBuffer in, ReplyState reply) {
    if (isText(r.command)) return text.decode(r, in, reply);
    byte[] a = in.array();
    if (reply.filling != null) {
      if (!AsciiLines.endFilledValue(r, in, reply)) return 2;
      if (reply.fillEnds) return done(r);
    }
    MetaLine line = null;
    boolean quiet = terminated(r);
    while (true) {
      int start = in.position();
      int eol = AsciiLines.end(in, start);
      if (eol < 0) return in.limit() - start + 1;
      boolean shared = quiet && r.moreKeysFollow; // a later quiet write has the mn
      if (eol - start == 2 && code((char) a[start], (char) a[start + 1]) == MN) {
        if (!quiet) throw AsciiLines.garbage(r, a, start, eol);
        if (shared) return DONE; // theirs
        in.position(eol + 2);
        if (r.command == Command.NOOP) r.status(Status.OK);
        return done(r);
      }
      if (error(r, a, start, eol, reply)) {
        in.position(eol + 2);
        if (quiet || r.keys() != null) continue;
        return DONE;
      }
      if (line == null) line = new MetaLine();
      line.parse(r, a, start, eol);
      int next = eol + 2;
      boolean fill = false;
      if (line.code == VA) {
        ProtocolCodec.checkValueLength(r, line.size, maxValueSize);
        long end = (long) next + line.size + 2;
        // Filled unless the whole block, CRLF included, is buffered: no value sizes the buffer.
        fill = r.command.readsValues() && ProtocolCodec.fills(line.size, in.limit() - next - 2L);
        if (end > in.limit() && !fill) return (int) (end - start);
        if (!fill && (a[(int) end - 2] != '\r' || a[(int) end - 1] != '\n'))
          throw AsciiLines.garbage(r, a, start, eol);
        next = (int) end;
      }
      int index = line.opaque - r.opaque;
      if (shared && index != 0) return DONE; // a later quiet write's failure
      boolean multi = r.keys() != null;
      int count = multi ? r.keys().length : 1;
      if (!line.hasOpaque || index < 0 || index >= count)
        throw AsciiLines.garbage(r, a, start, eol);
      if (fill) reply.filling = new byte[(int) line.size];
      if (!apply(r, line, a, eol + 2, index, reply)) throw AsciiLines.garbage(r, a, start, eol);
      // A multi-get's last mg is not quiet: its reply, hit or miss, ends the request.
      boolean ends = multi ? index == count - 1 : !quiet || shared;
      if (fill) {
        reply.fillEnds = ends;
        in.position(eol + 2);
        return FILL;
      }
      in.position(next);
      if (ends) return done(r);
    }
  }

  /** Ends {@code r}'s reply; a multi-get hits when it holds any value. */
  private static int done(Request<?> r) {
    if (r instanceof MultiGet<?> m) m.end();
    return DONE;
  }

  /** Applies one reply; false when its code makes no sense for the request. */
  private static boolean apply(
      Request<?> r, MetaLine line, byte[] a, int data, int index, ReplyState reply) {
    int code = line.code;
    Status s = null;
    switch (r.command) {
      case GET, GETS, GAT, GATS, META_GET -> {
        if (code == VA && r.command != Command.META_GET && placeholder(line)) {
          s = Status.MISS; // the empty item another caller's vivify created: no value yet
        } else if (code == VA) {
          ((Get<?>) r)
              .hit(line.flags, ProtocolCodec.value(reply, a, data, (int) line.size), line.cas);
          if (r instanceof MetaGet<?> m) m.bits(line.bits);
          s = Status.HIT;
        } else if (code == EN) {
          s = Status.MISS;
        }
      }
      case MULTI_GET, MULTI_GETS -> {
        if (code == VA && !placeholder(line)) {
          ((MultiGet<?>) r)
              .hit(
                  index,
                  line.flags,
                  ProtocolCodec.value(reply, a, data, (int) line.size),
                  line.cas);
        }
        return code == VA || code == EN;
      }
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS ->
          s =
              code == HD
                  ? Status.STORED
                  : code == NS
                      ? Status.NOT_STORED
                      : code == EX ? Status.EXISTS : code == NF ? Status.NOT_FOUND : null;
      case DELETE, INVALIDATE ->
          s =
              code == HD
                  ? Status.DELETED
                  : code == NF ? Status.NOT_FOUND : code == EX ? Status.EXISTS : null;
      case TOUCH -> s = code == HD ? Status.TOUCHED : code == EN ? Status.NOT_FOUND : null;
      case INCR, DECR -> {
        if (code == VA) {
          ((Counter<?>) r)
              .counted(
                  AsciiLines.unsigned(
                      r, a, data, data + (int) line.size, data, data + (int) line.size));
          s = Status.NUMBER;
        } else {
          s =
              code == NF
                  ? Status.NOT_FOUND
                  : code == NS
                      ? Status.NOT_STORED
                      : code == EX ? Status.EXISTS : code == HD ? Status.OK : null;
        }
      }
      default -> {}
    }
    if (s == null) return false;
    r.status(s);
    return true;
  }

  /** A vivified placeholder: empty, flags 0, a recompute winner named (W or Z), not stale (X). */
  private static boolean placeholder(MetaLine line) {
    return line.size == 0
        && line.flags == 0
        && (line.bits & (WIN | WINNER_CHOSEN)) != 0
        && (line.bits & STALE) == 0;
  }

  /**
   * An error line (no opaque: it belongs to this request) sets {@code reply.error}, unless an
   * earlier one did; false for any other line.
   */
  private static boolean error(Request<?> r, byte[] a, int start, int eol, ReplyState reply) {
    MemcacheException e = ServerErrors.fromLine(r, a, start, eol);
    if (e == null) return false;
    if (reply.error == null) reply.error = e;
    return true;
  }
}
