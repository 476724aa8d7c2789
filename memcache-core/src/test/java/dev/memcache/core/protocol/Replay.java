package dev.memcache.core.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Drives a codec as the connection's reader does: replies arrive in chunks, the buffer is compacted
 * between reads.
 */
final class Replay {
  private Replay() {}

  /** Requests, encoded, and the replies a server would send them, in order. */
  record Conversation(List<Request<?>> requests, byte[] replies) {}

  static Request<Void> request(Command command, String key) {
    return new Request<>(
        command, key == null ? null : key.getBytes(), null, Long.MAX_VALUE, r -> null);
  }

  static Request<Void> multi(Command command, String... keys) {
    byte[][] wire = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) wire[i] = keys[i].getBytes();
    return new Request<>(command, null, wire, Long.MAX_VALUE, r -> null);
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
    while (head < requests.size()) {
      Request<?> r = requests.get(head);
      if (buf.hasRemaining() || r.filling != null) {
        int need = codec.decode(r, buf);
        if (need == ProtocolCodec.DONE) {
          head++;
          continue;
        }
        if (need == ProtocolCodec.FILL) {
          byte[] value = r.filling;
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
    return fills;
  }

  /** Every chunk size worth trying: one byte at a time, odd sizes, and everything in one read. */
  static List<Integer> chunkSizes(int total) {
    return List.of(1, 2, 3, 7, 24, 25, 100, total);
  }
}
