package dev.memcache.core.protocol;

import static dev.memcache.core.protocol.Replay.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.MemcacheUnknownCommandException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The meta codec byte by byte: encodings, every reply shape in any chunking, and what counts as a
 * protocol error.
 */
class MetaCodecTest {
  private static String wire(Request<?>... requests) {
    return new String(encode(new MetaCodec(), List.of(requests)), StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void commandsCarryOpaquesAndKeysNeedingItGoBase64() {
    Request<Void> get = request(Command.GETS, "k"),
        spaced = request(Command.GET, "a b"),
        set = store(Command.ADD, "a b", ascii("hi"), -1, 30, 0, false);
    String w = wire(get, spaced, set);
    assertEquals(
        "mg k v f c O"
            + get.opaque
            + "\r\nmg YSBi b v f O"
            + spaced.opaque
            + "\r\n"
            + "ms YSBi 2 b F4294967295 T30 ME O"
            + set.opaque
            + "\r\nhi\r\n",
        w);
    assertEquals(get.opaque + 1, spaced.opaque);
  }

  @Test
  void quietWritesEndWithMnMultiGetsWithALoudLastKeyAndMetaOnlyCommandsHaveTheirFlags() {
    Request<Void> multi = multi(Command.MULTI_GETS, "a", "b"),
        quiet = counter(Command.INCR, "n", 2, false, 0, 0, true),
        counter = counter(Command.DECR, "n", -1, true, 5, 60, false);
    Request<Void> lease = metaGet("k", 30, 10), invalidate = invalidate("k", 20);
    String w = wire(multi, quiet, counter, lease, invalidate).replaceAll(" O\\d+", "");
    assertEquals(
        "mg a v f c q\r\nmg b v f c\r\nma n D2 q\r\nmn\r\nma n MD D18446744073709551615 N60 J5 v\r\n"
            + "mg k v f c N30 R10\r\nmd k I T20\r\n",
        w);
  }

  @Test
  void quietWritesInOneBatchShareOneMnAndEachTakesOnlyItsOwnFailure() {
    for (int chunk : chunkSizes(100)) {
      Request<Void> q1 = request(Command.SET, "a"), q2 = request(Command.ADD, "b");
      Request<Void> q3 = request(Command.DELETE, "c"), get = request(Command.GET, "g");
      for (Request<Void> q : List.of(q1, q2, q3)) q.noreply = true; // q1 and q2 store "v"
      MetaCodec codec = new MetaCodec();
      String w =
          new String(
                  Replay.encodeBatch(codec, List.of(q1, q2, q3, get)), StandardCharsets.ISO_8859_1)
              .replaceAll(" O\\d+", "");
      assertEquals(
          "ms a 1 F0 T0 MS q\r\nv\r\nms b 1 F0 T0 ME q\r\nv\r\nmd c q\r\nmn\r\nmg g v f\r\n", w);
      assertEquals(4, codec.bytesAfterValue(q1), "over TLS a write ends before the mn");
      assertEquals(-1, codec.bytesAfterValue(get), "a get stores no value");
      assertEquals(-1, codec.bytesAfterValue(q3), "nor does a delete");
      String replies =
          "NS O"
              + q2.opaque
              + "\r\n"
              + "CLIENT_ERROR bad data chunk\r\n"
              + "MN\r\n"
              + "EN O"
              + get.opaque
              + "\r\n";
      feed(codec, List.of(q1, q2, q3, get), ascii(replies), chunk);
      assertNull(q1.status(), "no reply of its own");
      assertEquals(Status.NOT_STORED, q2.status());
      assertInstanceOf(
          MemcacheClientException.class, serverError(q3), "an error line goes to the oldest");
      assertEquals(Status.MISS, get.status());
    }
  }

  /** Requests, encoded, and the replies memcached would send, in order. */
  static Conversation conversation() {
    Request<Void> hit = request(Command.GETS, "k"),
        miss = request(Command.GET, "m"),
        multi = multi(Command.MULTI_GET, "a", "b", "c");
    Request<Void> stored = request(Command.SET, "k"),
        notStored = request(Command.ADD, "k"),
        conflict = request(Command.CAS, "k");
    Request<Void> counter = request(Command.INCR, "n"),
        gone = request(Command.DELETE, "d"),
        touched = request(Command.TOUCH, "k");
    Request<Void> quiet = request(Command.REPLACE, "q"),
        lease = metaGet("l", 30, 0),
        stats = request(Command.STATS, null);
    Request<Void> placeholder = request(Command.GET, "p"),
        lastMissing = multi(Command.MULTI_GET, "x", "y");
    quiet.noreply = true; // stored, notStored, conflict and quiet store "v"
    List<Request<?>> all =
        List.of(
            hit,
            miss,
            multi,
            stored,
            notStored,
            conflict,
            counter,
            gone,
            touched,
            quiet,
            lease,
            stats,
            placeholder,
            lastMissing);
    encode(new MetaCodec(), all);
    String replies =
        "VA 5 f16 c77 O"
            + hit.opaque
            + "\r\nhello\r\n"
            + "EN O"
            + miss.opaque
            + "\r\n"
            + "VA 1 f2 O"
            + multi.opaque
            + "\r\n1\r\n"
            + "VA 0 f0 O"
            + (multi.opaque + 2)
            + "\r\n\r\n"
            + "HD O"
            + stored.opaque
            + "\r\n"
            + "NS O"
            + notStored.opaque
            + "\r\n"
            + "EX O"
            + conflict.opaque
            + "\r\n"
            + "VA 20 O"
            + counter.opaque
            + "\r\n18446744073709551614\r\n"
            + "NF O"
            + gone.opaque
            + "\r\n"
            + "HD O"
            + touched.opaque
            + "\r\n"
            + "NF O"
            + quiet.opaque
            + "\r\nMN\r\n"
            + "VA 3 f0 c9 O"
            + lease.opaque
            + " X W\r\nold\r\n"
            + "STAT pid 42\r\nSTAT uptime 7\r\nEND\r\n"
            + "VA 0 f0 c3 O"
            + placeholder.opaque
            + " Z\r\n\r\n"
            + "VA 1 f0 O"
            + lastMissing.opaque
            + "\r\nX\r\n"
            + "EN O"
            + (lastMissing.opaque + 1)
            + "\r\n";
    return new Conversation(all, ascii(replies));
  }

  @Test
  void everyReplyParsesOneByteAtATimeAndAllInOneRead() {
    for (int chunk : chunkSizes(conversation().replies().length)) {
      Conversation c = conversation();
      feed(new MetaCodec(), c.requests(), c.replies(), chunk);
      List<Request<?>> r = c.requests();
      assertEquals(Status.HIT, r.get(0).status());
      assertEquals("hello", new String(value(r.get(0))));
      assertEquals(16, flags(r.get(0)));
      assertEquals(77, cas(r.get(0)));
      assertEquals(Status.MISS, r.get(1).status());
      Item[] items = items(r.get(2));
      assertEquals("1", new String(items[0].bytes()));
      assertEquals(2, items[0].flags());
      assertNull(items[1]);
      assertEquals(0, items[2].bytes().length);
      assertEquals(
          List.of(
              Status.STORED,
              Status.NOT_STORED,
              Status.EXISTS,
              Status.NUMBER,
              Status.NOT_FOUND,
              Status.TOUCHED,
              Status.NOT_FOUND),
          r.subList(3, 10).stream().map(x -> x.status()).toList());
      assertEquals(-2L, number(r.get(6)));
      assertEquals(3, bits(r.get(10)), "stale (X) and won (W)");
      assertEquals("old", new String(value(r.get(10))));
      assertEquals(Map.of("pid", "42", "uptime", "7"), statsOf(r.get(11)));
      assertEquals(Status.MISS, r.get(12).status(), "a vivified placeholder is no value");
      Item[] xy = items(r.get(13));
      assertEquals("X", new String(xy[0].bytes()));
      assertNull(xy[1], "the last key's EN ends the multi-get");
      assertTrue(r.stream().allMatch(x -> serverError(x) == null));
    }
  }

  /** A server's probe sends a plain version request: it has no place for the string. */
  @Test
  void aPlainVersionRequestReadsItsReplyAndDropsTheString() {
    Request<Void> probe = new Request<>(Command.VERSION, null, Long.MAX_VALUE, r -> null);
    assertEquals("version\r\n", wire(probe));
    feed(new MetaCodec(), List.of(probe), ascii("VERSION 1.6.18\r\n"), 1);
    assertEquals(Status.OK, probe.status());
    assertNull(serverError(probe));
  }

  @Test
  void errorLinesBelongToTheOldestRequestAndKeepTheConnection() {
    Request<Void> incr = request(Command.INCR, "k"),
        set = request(Command.SET, "k"),
        multi = multi(Command.MULTI_GET, "a", "b");
    Request<Void> bad = request(Command.GET, "k"); // set stores "v"
    encode(new MetaCodec(), List.of(incr, set, multi, bad));
    String replies =
        "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
            + "SERVER_ERROR object too large for cache\r\n"
            + "CLIENT_ERROR bad command line format\r\nVA 1 f0 O"
            + (multi.opaque + 1)
            + "\r\nx\r\n"
            + "ERROR\r\n";
    feed(new MetaCodec(), List.of(incr, set, multi, bad), ascii(replies), 5);
    assertInstanceOf(MemcacheClientException.class, serverError(incr));
    assertInstanceOf(MemcacheServerException.class, serverError(set));
    assertInstanceOf(
        MemcacheClientException.class,
        serverError(multi),
        "a multi-get reads on to its last key's reply");
    assertInstanceOf(MemcacheUnknownCommandException.class, serverError(bad));
  }

  private static void assertProtocolError(Command command, Function<Request<Void>, String> reply) {
    Request<Void> r =
        command == Command.MULTI_GET ? multi(command, "a", "b") : request(command, "k");
    encode(new MetaCodec(), List.of(r));
    byte[] bytes = ascii(reply.apply(r));
    assertThrows(
        MemcacheProtocolException.class, () -> feed(new MetaCodec(), List.of(r), bytes, 1));
  }

  @Test
  void garbageMissingOrForeignOpaquesAndBrokenBlocksAreProtocolErrors() {
    assertProtocolError(Command.GET, r -> "EN\r\n");
    assertProtocolError(Command.GET, r -> "EN O" + (r.opaque + 1) + "\r\n");
    assertProtocolError(Command.GET, r -> "VA 2 O" + r.opaque + "\r\nabc\r\n");
    assertProtocolError(Command.GET, r -> "HD O" + r.opaque + "\r\n");
    assertProtocolError(Command.GET, r -> "MN\r\n");
    assertProtocolError(Command.GET, r -> "VALUE k 0 1\r\nx\r\nEND\r\n");
    assertProtocolError(Command.GET, r -> "EN O" + r.opaque + "\n");
    assertProtocolError(Command.GET, r -> "VA x O" + r.opaque + "\r\n");
    assertProtocolError(Command.SET, r -> "VA 1 O" + r.opaque + "\r\nx\r\n");
    assertProtocolError(Command.INCR, r -> "VA 2 O" + r.opaque + "\r\nab\r\n");
    assertProtocolError(Command.MULTI_GET, r -> "VA 1 O" + (r.opaque + 2) + "\r\nx\r\nMN\r\n");
    assertProtocolError(Command.GET, r -> "\u0081\u0000garbage\r\n");
  }
}
