package dev.memcache.core.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.Counter;
import dev.memcache.core.internal.protocol.Delete;
import dev.memcache.core.internal.protocol.Flush;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.GetAndTouch;
import dev.memcache.core.internal.protocol.Gets;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.MetaGet;
import dev.memcache.core.internal.protocol.MultiGet;
import dev.memcache.core.internal.protocol.Stats;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.Touch;
import dev.memcache.core.internal.protocol.Verbosity;
import dev.memcache.core.internal.protocol.Version;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Drives a codec as the connection's reader does: replies arrive in chunks, the buffer is compacted
 * between reads.
 */
final class Replay {
  private Replay() {}

  /** Requests, encoded, and the replies a server would send them, in order. */
  record Conversation(List<Request<?>> requests, byte[] replies) {}

  private static final long NEVER = Long.MAX_VALUE;

  /**
   * A request of {@code command}'s own type for {@code key} (null for none), as the engine makes
   * it, with nothing else set: no TTL, delta 0, no stats group; a storage command stores {@code
   * "v"}. See {@link #store}, {@link #counter} and the others for more.
   */
  static Request<Void> request(Command command, String key) {
    String k = key == null ? null : wire(key);
    return switch (command) {
      case GET -> Get.of(k, key, NEVER, r -> null);
      case GETS -> new Gets<>(command, k, key, NEVER, r -> null);
      case GAT, GATS -> new GetAndTouch<>(command, k, key, 0, NEVER, r -> null);
      case META_GET -> metaGet(key, 0, 0);
      case SET, ADD, REPLACE, APPEND, PREPEND, CAS ->
          store(command, key, "v".getBytes(), 0, 0, 0, false);
      case DELETE, INVALIDATE -> new Delete<>(command, k, 0, 0, false, NEVER, r -> null);
      case TOUCH -> new Touch<>(k, 0, false, NEVER, r -> null);
      case INCR, DECR -> counter(command, key, 0, false, 0, 0, false);
      case STATS -> stats(null);
      case VERSION -> new Version<>(NEVER, r -> null);
      case FLUSH_ALL -> new Flush<>(0, NEVER, r -> null);
      case VERBOSITY -> new Verbosity<>(0, NEVER, r -> null);
      case NOOP, QUIT -> new Request<>(command, k, NEVER, r -> null);
      case MULTI_GET, MULTI_GETS -> multi(command, key);
    };
  }

  /** {@code key} as a wire key: one char per UTF-8 byte (see {@code Keys}). */
  static String wire(String key) {
    return new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static Store<Void> store(
      Command command,
      String key,
      byte[] value,
      int flags,
      int exptime,
      long cas,
      boolean noreply) {
    return new Store<>(command, wire(key), value, flags, exptime, cas, noreply, NEVER, r -> null);
  }

  static Counter<Void> counter(
      Command command,
      String key,
      long delta,
      boolean create,
      long initial,
      int exptime,
      boolean noreply) {
    return new Counter<>(
        command, wire(key), delta, create, initial, exptime, noreply, NEVER, r -> null);
  }

  static MetaGet<Void> metaGet(String key, int vivify, int recache) {
    return new MetaGet<>(wire(key), key, vivify, recache, NEVER, r -> null);
  }

  static Delete<Void> invalidate(String key, int staleTtl) {
    return new Delete<>(Command.INVALIDATE, wire(key), 0, staleTtl, false, NEVER, r -> null);
  }

  static Stats<Void> stats(String group) {
    return new Stats<>(group, NEVER, r -> null);
  }

  static MultiGet<Void> multi(Command command, String... keys) {
    String[] wire = new String[keys.length];
    for (int i = 0; i < keys.length; i++) wire[i] = wire(keys[i]);
    return new MultiGet<>(command, wire, keys, NEVER, r -> null);
  }

  // ---- the typed replies, read from a request as the engine's mappers read them

  static byte[] value(Request<?> r) {
    return ((Get<?>) r).value();
  }

  static int flags(Request<?> r) {
    return ((Get<?>) r).flags();
  }

  static long cas(Request<?> r) {
    return ((Gets<?>) r).cas();
  }

  static Item[] items(Request<?> r) {
    return ((MultiGet<?>) r).items();
  }

  static long number(Request<?> r) {
    return ((Counter<?>) r).value();
  }

  static Map<String, String> statsOf(Request<?> r) {
    return ((Stats<?>) r).entries();
  }

  static String version(Request<?> r) {
    return ((Version<?>) r).version();
  }

  /** A meta get's reply flags, as {@link MetaGet#WIN} | {@link MetaGet#STALE} | ... */
  static int bits(Request<?> r) {
    MetaGet<?> m = (MetaGet<?>) r;
    return (m.won() ? MetaGet.WIN : 0)
        | (m.stale() ? MetaGet.STALE : 0)
        | (m.winnerChosen() ? MetaGet.WINNER_CHOSEN : 0);
  }

  /** Encodes every request (assigning opaques) and returns the bytes on the wire. */
  static byte[] encode(ProtocolCodec codec, List<Request<?>> requests) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (Request<?> r : requests) {
      ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(r));
      codec.encode(r, out);
      wire.write(out.array(), 0, out.position());
    }
    return wire.toByteArray();
  }

  /**
   * Encodes the requests into one buffer and links them in flight as the writer does with one
   * batch: each knows the request before it, so the codec may merge them.
   */
  static byte[] encodeBatch(ProtocolCodec codec, List<Request<?>> requests) {
    int size = 0;
    for (Request<?> r : requests) size += codec.maxEncodedLength(r);
    ByteBuffer out = ByteBuffer.allocate(size);
    Request<?> previous = null;
    for (Request<?> r : requests) {
      codec.encode(r, out, previous);
      if (previous != null) link(previous, r);
      previous = r;
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  /** Links {@code to} in flight after {@code from}, as the writer does. */
  static void link(Request<?> from, Request<?> to) {
    try {
      java.lang.reflect.Field next = Request.class.getDeclaredField("next");
      next.setAccessible(true);
      next.set(from, to);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Feeds {@code replies} {@code chunk} bytes at a time to the oldest unfinished request until all
   * are done. A value the codec hands over with {@link ProtocolCodec#FILL} gets its buffered start
   * and then the rest straight from {@code replies}, as from the socket. Returns how many values
   * were filled so.
   */
  static int feed(ProtocolCodec codec, List<Request<?>> requests, byte[] replies, int chunk) {
    ByteBuffer buf = ByteBuffer.allocate(replies.length + 1);
    buf.flip();
    int fed = 0, head = 0, fills = 0;
    ReplyState reply = new ReplyState();
    while (head < requests.size()) {
      Request<?> r = requests.get(head);
      if (buf.hasRemaining() || reply.filling != null) {
        int need = codec.decode(r, buf, reply);
        if (need == ProtocolCodec.DONE) {
          finish(r, reply);
          head++;
          continue;
        }
        if (need == ProtocolCodec.FILL) {
          byte[] value = reply.filling;
          int buffered = buf.remaining();
          assertTrue(value.length >= ProtocolCodec.FILL_MIN, "a small value to fill");
          assertTrue(buffered < value.length + 2, "a value to fill whose block is all buffered");
          buffered = Math.min(buffered, value.length); // a CRLF byte may be buffered too
          buf.get(value, 0, buffered);
          int rest = value.length - buffered;
          assertTrue(fed + rest <= replies.length, "replies ran out in a value");
          System.arraycopy(replies, fed, value, buffered, rest);
          fed += rest;
          fills++;
          continue;
        }
        assertTrue(need > buf.remaining(), "asks for more bytes than it has: " + need);
      }
      assertTrue(
          fed < replies.length,
          "replies ran out with " + (requests.size() - head) + " requests unfinished");
      buf.compact();
      int n = Math.min(chunk, replies.length - fed);
      buf.put(replies, fed, n);
      fed += n;
      buf.flip();
    }
    assertEquals(replies.length, fed, "every reply byte was fed");
    assertFalse(buf.hasRemaining(), "every reply byte was consumed");
    assertNull(reply.filling, "no value left filling");
    return fills;
  }

  /**
   * What the connection does once {@code r}'s reply is read: fails it with the error the server
   * reported, if any (and clears it from {@code reply} for the next reply).
   */
  static void finish(Request<?> r, ReplyState reply) {
    RuntimeException error = reply.takeError();
    if (error != null) r.fail(error);
  }

  /**
   * The error the server reported for {@code r}, with which {@link #finish} failed it; null when it
   * reported none.
   */
  static RuntimeException serverError(Request<?> r) {
    return r.isDone() ? r.failure() : null;
  }

  /** Every chunk size worth trying: one byte at a time, odd sizes, and everything in one read. */
  static List<Integer> chunkSizes(int total) {
    return List.of(1, 2, 3, 7, 24, 25, 100, total);
  }
}
