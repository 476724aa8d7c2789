package dev.memcache.core.internal.protocol.binary;

import static dev.memcache.core.internal.protocol.binary.Opcodes.*;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Keys;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
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
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The binary protocol. Every packet of a request carries an opaque id taken from a counter: a
 * request of n packets owns ids {@code opaque .. opaque+n-1}, and a reply whose id is not its
 * request's is a desynchronised stream (protocol error). Multi-gets send {@code getkq} per key but
 * the last, a {@code getk} whose reply (hit or miss) ends theirs: a {@code noop} would make
 * memcached flush its replies per multi-get (measured: half the keys/s). Noreply writes send the
 * quiet opcode and a {@code noop}, so a failure reply is read (and dropped) instead of
 * desynchronising the connection.
 */
public final class BinaryCodec implements ProtocolCodec {
  /**
   * Largest body of a reply that carries no value (status, counter, version, stat, error message):
   * memcached's are a few dozen bytes.
   */
  static final int MAX_SMALL_BODY = 8192;

  private final AtomicInteger opaques = new AtomicInteger();
  private final String username;
  private final String password;
  private final int maxValueSize;

  /** A codec without authentication, reading values of at most {@link #DEFAULT_MAX_VALUE}. */
  public BinaryCodec() {
    this(null, null, DEFAULT_MAX_VALUE);
  }

  /**
   * A codec that authenticates each new connection with SASL PLAIN when {@code username} is set,
   * and takes a reply whose value is over {@code maxValueSize} bytes, or whose body without a value
   * is over {@link #MAX_SMALL_BODY}, as a protocol error before buffering it.
   */
  public BinaryCodec(String username, String password, int maxValueSize) {
    this.username = username;
    this.password = password;
    this.maxValueSize = maxValueSize;
  }

  @Override
  public void handshake(Socket socket, String server) throws IOException {
    if (username != null) SaslPlain.authenticate(socket, server, username, password);
  }

  @Override
  public int maxEncodedLength(Request<?> r) {
    if (r.keys() != null) {
      int n = HEADER;
      for (String k : r.keys()) n += HEADER + k.length();
      return n;
    }
    int key = r.key != null ? r.key.length() : 0;
    return 2 * HEADER + 20 + key + r.valueLength() + r.argumentLength();
  }

  @Override
  public boolean expectsReply(Request<?> r) {
    return r.command != Command.QUIT;
  }

  /** Whether the request is a quiet write that ends with a {@code noop} (index 1). */
  private static boolean terminated(Request<?> r) {
    return r.keys() == null && r.noreply && opcode(r) != quiet(opcode(r));
  }

  @Override
  public int bytesAfterValue(Request<?> r) {
    return !(r instanceof Store<?>) ? -1 : terminated(r) ? HEADER : 0;
  }

  /** The opcode of the request's (first) packet, not quiet. */
  private static byte opcode(Request<?> r) {
    return switch (r.command) {
      case GET, GETS -> GET;
      case GAT, GATS -> GAT;
      case MULTI_GET, MULTI_GETS -> GETKQ;
      case SET, CAS -> SET;
      case ADD -> ADD;
      case REPLACE -> REPLACE;
      case APPEND -> APPEND;
      case PREPEND -> PREPEND;
      case DELETE -> DELETE;
      case INCR -> INCR;
      case DECR -> DECR;
      case TOUCH -> TOUCH;
      case FLUSH_ALL -> FLUSH;
      case STATS -> STAT;
      case VERSION -> VERSION;
      case VERBOSITY -> VERBOSITY;
      case NOOP -> NOOP;
      case QUIT -> QUITQ;
      case META_GET, INVALIDATE ->
          throw new IllegalStateException(r.command + " exists only in the meta protocol");
    };
  }

  /**
   * Consecutive quiet writes in one write batch share one {@code noop}: memcached flushes its
   * replies on every {@code noop}, so one per write made it write a packet per noreply request
   * (measured: 0.2M noreply sets/s against over 2M with text). The earlier writes then end at the
   * first packet that is not theirs.
   */
  @Override
  public void encode(Request<?> r, ByteBuffer out, Request<?> previous) {
    if (previous != null && terminated(r) && terminated(previous)) {
      out.position(out.position() - HEADER); // drop the previous request's noop
      previous.moreKeysFollow = true;
    }
    encode(r, out);
  }

  @Override
  public void encode(Request<?> r, ByteBuffer out) {
    byte op = opcode(r);
    String[] keys = r.keys();
    int opaque = opaques.getAndAdd(keys != null ? keys.length : 2);
    r.opaque = opaque;
    if (keys != null) {
      int last = keys.length - 1;
      for (int i = 0; i <= last; i++) {
        header(out, i == last ? GETK : GETKQ, 0, keys[i].length(), 0, opaque + i, 0);
        Keys.put(out, keys[i]);
      }
      return;
    }
    if (r.noreply) op = quiet(op);
    int keyLength = r.key != null ? r.key.length() : 0;
    byte[] value = null;
    switch (r) {
      case Store<?> s when r.command != Command.APPEND && r.command != Command.PREPEND -> {
        header(out, op, 8, keyLength, s.value.length, opaque, s.cas);
        out.putInt(s.flags).putInt(s.exptime);
        value = s.value;
      }
      case Store<?> s -> {
        header(out, op, 0, keyLength, s.value.length, opaque, 0);
        value = s.value;
      }
      case Counter<?> c -> {
        header(out, op, 20, keyLength, 0, opaque, 0);
        out.putLong(c.delta).putLong(c.initial).putInt(c.create ? c.exptime : 0xffffffff);
      }
      case GetAndTouch<?> g -> {
        header(out, op, 4, keyLength, 0, opaque, 0);
        out.putInt(g.exptime);
      }
      case Touch<?> t -> {
        header(out, op, 4, keyLength, 0, opaque, 0);
        out.putInt(t.exptime);
      }
      case Flush<?> f -> {
        header(out, op, f.delay > 0 ? 4 : 0, 0, 0, opaque, 0);
        if (f.delay > 0) out.putInt(f.delay);
      }
      case Verbosity<?> v -> {
        header(out, op, 4, 0, 0, opaque, 0);
        out.putInt(v.level);
      }
      case Stats<?> st -> {
        byte[] group = st.group != null ? st.group.getBytes(US_ASCII) : new byte[0];
        header(out, op, 0, group.length, 0, opaque, 0);
        out.put(group);
      }
      default -> header(out, op, 0, keyLength, 0, opaque, 0);
    }
    if (r.key != null) Keys.put(out, r.key);
    if (value != null) out.put(value);
    if (terminated(r)) header(out, NOOP, 0, 0, 0, opaque + 1, 0);
  }

  private static void header(
      ByteBuffer out, byte opcode, int extras, int key, int value, int opaque, long cas) {
    out.put(REQUEST)
        .put(opcode)
        .putShort((short) key)
        .put((byte) extras)
        .put((byte) 0)
        .putShort((short) 0);
    out.putInt(extras + key + value).putInt(opaque).putLong(cas);
  }

  @Override
  public int decode(Request<?> r, ByteBuffer in, ReplyState reply) {
    byte[] a = in.array();
    if (reply.filling != null) { // the connection read the value, the end of its packet
      reply.filling = null;
      if (reply.fillEnds) return DONE;
    }
    while (true) {
      int p = in.position();
      int available = in.limit() - p;
      // Fail fast, not at 24 bytes
      if (available > 0 && a[p] != RESPONSE) throw garbage(r, a, p, "bad magic byte");
      if (available < HEADER) return HEADER;
      long body = i32(a, p + 8) & 0xffffffffL;
      int prefix = HEADER + extrasLength(a, p) + keyLength(a, p); // bytes before the value
      if (a[p + 5] != 0 || prefix - HEADER > body) throw garbage(r, a, p, "inconsistent header");
      boolean value = r.command.readsValues() && Opcodes.u16(a, p + 6) == BinaryStatus.OK;
      if (value) ProtocolCodec.checkValueLength(r, body - (prefix - HEADER), maxValueSize);
      else if (body > MAX_SMALL_BODY) throw garbage(r, a, p, "body of " + body + " bytes");
      int size = HEADER + (int) body;
      boolean fill = available < size && fillable(r, a, p, available);
      if (available < size && !fill) {
        // A big value is read straight into its array: buffer only what comes before it.
        return value && body - (prefix - HEADER) >= FILL_MIN && available < prefix ? prefix : size;
      }
      if (r.moreKeysFollow && terminated(r) && i32(a, p + 12) != r.opaque) {
        // A quiet write that did not fail: the packet is a later one's failure, or their noop.
        return DONE;
      }
      if (fill) reply.filling = new byte[valueLength(a, p)];
      boolean done = accept(r, a, p, reply);
      if (fill) {
        reply.fillEnds = done;
        in.position(valueStart(a, p));
        return FILL;
      }
      in.position(p + size);
      if (done) return DONE;
    }
  }

  /**
   * Whether the packet at {@code p}, {@code available} bytes of it buffered, is a value to fill.
   */
  private static boolean fillable(Request<?> r, byte[] a, int p, int available) {
    return r.command.readsValues()
        && Opcodes.u16(a, p + 6) == BinaryStatus.OK
        && valueStart(a, p) - p <= available
        && ProtocolCodec.fills(valueLength(a, p), p + available - valueStart(a, p));
  }

  /**
   * Applies one packet to {@code r}, whole or all but a value to fill; true when it was the
   * request's last.
   */
  private static boolean accept(Request<?> r, byte[] a, int p, ReplyState reply) {
    byte op = a[p + 1];
    int index = i32(a, p + 12) - r.opaque;
    String[] keys = r.keys();
    if (keys != null) {
      // getkq per key but the last, which is a getk: its reply, hit or miss, ends the request
      int last = keys.length - 1;
      if (index < 0 || index > last || op != (index == last ? GETK : GETKQ))
        throw garbage(r, a, p, "reply to another request");
      apply(r, a, p, index, reply);
      if (index < last) return false;
      ((MultiGet<?>) r).end();
      return true;
    }
    if (terminated(r)) {
      if (index == 1 && op == NOOP) return true;
      if (index != 0 || op != quiet(opcode(r))) throw garbage(r, a, p, "reply to another request");
      apply(r, a, p, index, reply);
      return r.moreKeysFollow; // its failure is all it gets when a later request has the noop
    }
    if (index != 0 || op != opcode(r)) throw garbage(r, a, p, "reply to another request");
    apply(r, a, p, 0, reply);
    return r.command != Command.STATS || reply.error != null || keyLength(a, p) == 0;
  }

  private static void apply(Request<?> r, byte[] a, int p, int index, ReplyState reply) {
    int status = Opcodes.u16(a, p + 6);
    Status s = status == BinaryStatus.OK ? ok(r, a, p, index, reply) : outcome(r.command, status);
    if (s == null) {
      reply.error =
          ServerErrors.fromStatus(r, status, text(a, valueStart(a, p), valueLength(a, p)));
    } else if (r.keys() == null) {
      r.status(s);
    }
  }

  /** Reads a success reply's payload; returns the status, or null when there is none to set. */
  private static Status ok(Request<?> r, byte[] a, int p, int index, ReplyState reply) {
    int from = valueStart(a, p), length = valueLength(a, p);
    switch (r.command) {
      case GET, GETS, GAT, GATS -> {
        if (extrasLength(a, p) != 4) throw garbage(r, a, p, "no flags in a value reply");
        ((Get<?>) r)
            .hit(i32(a, p + HEADER), ProtocolCodec.value(reply, a, from, length), i64(a, p + 16));
        return Status.HIT;
      }
      case MULTI_GET, MULTI_GETS -> {
        int keyAt = p + HEADER + extrasLength(a, p);
        if (extrasLength(a, p) != 4
            || !Keys.matches(a, keyAt, keyAt + keyLength(a, p), r.keys()[index])) {
          throw garbage(r, a, p, "value for another key");
        }
        ((MultiGet<?>) r)
            .hit(
                index,
                i32(a, p + HEADER),
                ProtocolCodec.value(reply, a, from, length),
                i64(a, p + 16));
        return Status.HIT;
      }
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS -> {
        return Status.STORED;
      }
      case DELETE -> {
        return Status.DELETED;
      }
      case TOUCH -> {
        return Status.TOUCHED;
      }
      case INCR, DECR -> {
        if (length != 8) throw garbage(r, a, p, "counter reply of " + length + " bytes");
        ((Counter<?>) r).counted(i64(a, from));
        return Status.NUMBER;
      }
      case VERSION -> { // a plain request (a probe's round trip) reads the version and drops it
        if (r instanceof Version<?> v) v.version(text(a, from, length));
      }
      case STATS -> stat(r, a, p);
      default -> {}
    }
    return Status.OK;
  }

  private static void stat(Request<?> r, byte[] a, int p) {
    StatsReply stats = ((Stats<?>) r).reading();
    int keyAt = p + HEADER + extrasLength(a, p);
    if (keyLength(a, p) > 0) {
      int value = valueStart(a, p);
      stats.add(r, a, keyAt, keyAt + keyLength(a, p), value, value + valueLength(a, p));
    }
  }

  /** The outcome a non-zero status stands for; null when it is an error. */
  private static Status outcome(Command c, int status) {
    return switch (c) {
      case GET, GETS, GAT, GATS -> status == BinaryStatus.KEY_NOT_FOUND ? Status.MISS : null;
      case MULTI_GET, MULTI_GETS -> status == BinaryStatus.KEY_NOT_FOUND ? Status.MISS : null;
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS ->
          switch (status) {
            case BinaryStatus.KEY_NOT_FOUND -> Status.NOT_FOUND;
            case BinaryStatus.KEY_EXISTS -> c == Command.ADD ? Status.NOT_STORED : Status.EXISTS;
            case BinaryStatus.NOT_STORED -> Status.NOT_STORED;
            default -> null;
          };
      case DELETE, TOUCH, INCR, DECR ->
          status == BinaryStatus.KEY_NOT_FOUND ? Status.NOT_FOUND : null;
      default -> null;
    };
  }

  private static int keyLength(byte[] a, int p) {
    return Opcodes.u16(a, p + 2);
  }

  private static int extrasLength(byte[] a, int p) {
    return a[p + 4] & 0xff;
  }

  private static int valueStart(byte[] a, int p) {
    return p + HEADER + extrasLength(a, p) + keyLength(a, p);
  }

  private static int valueLength(byte[] a, int p) {
    return i32(a, p + 8) - extrasLength(a, p) - keyLength(a, p);
  }

  private static String text(byte[] a, int from, int length) {
    return new String(a, from, length, US_ASCII);
  }

  private static MemcacheProtocolException garbage(Request<?> r, byte[] a, int p, String why) {
    StringBuilder hex = new StringBuilder();
    for (int i = p; i < p + HEADER && i < a.length; i++) hex.append(String.format("%02x", a[i]));
    return new MemcacheProtocolException(
        r.describe() + ": unexpected binary reply (" + why + "): header " + hex);
  }
}
