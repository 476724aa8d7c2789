package dev.memcache.core.protocol;

import static dev.memcache.core.protocol.Replay.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.MemcacheUnknownCommandException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The binary codec byte by byte: encodings, every reply shape in any chunking, and what counts as a
 * protocol error.
 */
class BinaryCodecTest {
  private static final byte[] NONE = new byte[0];

  @Test
  void aGetIsOneHeaderWithItsOpaqueAndTheKey() {
    BinaryCodec codec = new BinaryCodec();
    Request<Void> get = request(Command.GET, "key");
    byte[] wire = encode(codec, List.of(get));
    String opaque = String.format("%08x", get.opaque);
    assertEquals(
        "80000003" + "00000000" + "00000003" + opaque + "0000000000000000" + "6b6579",
        HexFormat.of().formatHex(wire));
  }

  @Test
  void aCasSetCarriesFlagsExptimeAndCasAndANoreplySetIsQuietWithANoopAfterItsValue() {
    BinaryCodec codec = new BinaryCodec();
    Request<Void> cas =
        store(Command.CAS, "k", "vv".getBytes(), 0xfffffffe, 60, 0x0102030405060708L, false);
    Request<Void> quiet = store(Command.SET, "k", NONE, 0, 0, 0, true);
    ByteBuffer w = ByteBuffer.wrap(encode(codec, List.of(cas, quiet)));
    assertEquals(0x01, w.get(1));
    assertEquals(0x0102030405060708L, w.getLong(16));
    assertEquals(0xfffffffe, w.getInt(24));
    assertEquals(60, w.getInt(28));
    int setq = 24 + 8 + 1 + 2, noop = setq + 24 + 8 + 1;
    assertEquals(noop + 24, w.limit(), "set, then setq and noop");
    assertEquals(0x11, w.get(setq + 1));
    assertEquals(0x0a, w.get(noop + 1));
    assertEquals(quiet.opaque + 1, w.getInt(noop + 12));
    assertEquals(0, codec.bytesAfterValue(cas), "nothing follows an answered set's value");
    assertEquals(24, codec.bytesAfterValue(quiet), "the noop follows a quiet set's value");
  }

  @Test
  void aMultiGetIsGetkqPerKeyButALastGetkWithConsecutiveOpaquesAndNoNoop() {
    Request<Void> multi = multi(Command.MULTI_GET, "a", "bb", "c");
    ByteBuffer w = ByteBuffer.wrap(encode(new BinaryCodec(), List.of(multi)));
    assertEquals(24 + 1 + 24 + 2 + 24 + 1, w.limit());
    assertEquals(0x0d, w.get(1));
    assertEquals(0x0d, w.get(25 + 1));
    assertEquals(0x0c, w.get(25 + 26 + 1));
    assertEquals(multi.opaque + 2, w.getInt(25 + 26 + 12));
  }

  @Test
  void quietWritesInOneBatchShareOneNoopAndEachTakesOnlyItsOwnFailure() {
    for (int chunk : chunkSizes(200)) {
      Request<Void> q1 = request(Command.SET, "a"), q2 = request(Command.ADD, "b");
      Request<Void> q3 = request(Command.SET, "c"), get = request(Command.GET, "g");
      for (Request<Void> q : List.of(q1, q2, q3)) q.noreply = true; // each stores "v"
      BinaryCodec codec = new BinaryCodec();
      ByteBuffer w = ByteBuffer.wrap(Replay.encodeBatch(codec, List.of(q1, q2, q3, get)));
      int write = 24 + 8 + 1 + 1;
      assertEquals(3 * write + 24 + 24 + 1, w.limit(), "setq, addq, setq, one noop, get");
      assertEquals(0x0a, w.get(3 * write + 1));
      assertEquals(q3.opaque + 1, w.getInt(3 * write + 12));
      byte[] replies =
          new BinaryReplies()
              .simple(0x12, 0x02, q2.opaque) // the add found the key
              .simple(0x0a, 0, q3.opaque + 1)
              .simple(0x00, 0x01, get.opaque)
              .bytes();
      feed(codec, List.of(q1, q2, q3, get), replies, chunk);
      assertNull(q1.status(), "no reply of its own");
      assertEquals(Status.NOT_STORED, q2.status());
      assertNull(q3.status());
      assertEquals(Status.MISS, get.status());
      assertTrue(q1.moreKeysFollow && q2.moreKeysFollow && !q3.moreKeysFollow);
    }
  }

  /** Requests, encoded, and the replies memcached would send, in order. */
  static Conversation conversation() {
    BinaryCodec codec = new BinaryCodec();
    Request<Void> hit = request(Command.GETS, "k"),
        miss = request(Command.GET, "m"),
        multi = multi(Command.MULTI_GET, "a", "b", "c");
    Request<Void> stored = request(Command.SET, "k"),
        notStored = request(Command.ADD, "k"),
        conflict = request(Command.CAS, "k");
    Request<Void> counter = request(Command.INCR, "n"),
        gone = request(Command.DELETE, "d"),
        stats = request(Command.STATS, null);
    Request<Void> version = request(Command.VERSION, null),
        quiet = request(Command.ADD, "q"),
        touched = request(Command.TOUCH, "k");
    Request<Void> lastMissing = multi(Command.MULTI_GET, "x", "y");
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
            stats,
            version,
            quiet,
            touched,
            lastMissing);
    encode(codec, all);
    BinaryReplies r =
        new BinaryReplies()
            .value(0x00, hit.opaque, 77, 16, "", "hello")
            .simple(0x00, 0x01, miss.opaque)
            .value(0x0d, multi.opaque, 5, 2, "a", "1")
            .value(0x0c, multi.opaque + 2, 6, 0, "c", "")
            .simple(0x01, 0, stored.opaque)
            .simple(0x02, 0x02, notStored.opaque)
            .simple(0x01, 0x02, conflict.opaque)
            .packet(
                0x05, 0, counter.opaque, 9, NONE, NONE, new byte[] {-1, -1, -1, -1, -1, -1, -1, -2})
            .simple(0x04, 0x01, gone.opaque)
            .packet(0x10, 0, stats.opaque, 0, NONE, "pid".getBytes(), "42".getBytes())
            .packet(0x10, 0, stats.opaque, 0, NONE, "uptime".getBytes(), "7".getBytes())
            .simple(0x10, 0, stats.opaque)
            .packet(0x0b, 0, version.opaque, 0, NONE, NONE, "1.6.18".getBytes())
            .simple(0x12, 0x02, quiet.opaque)
            .simple(0x0a, 0, quiet.opaque + 1)
            .packet(0x1c, 0, touched.opaque, 3, new byte[4], NONE, NONE)
            .value(0x0d, lastMissing.opaque, 8, 0, "x", "X")
            .packet(0x0c, 0x01, lastMissing.opaque + 1, 0, NONE, "y".getBytes(), NONE);
    return new Conversation(all, r.bytes());
  }

  @Test
  void everyReplyParsesOneByteAtATimeAndAllInOneRead() {
    for (int chunk : chunkSizes(conversation().replies().length)) {
      Conversation c = conversation();
      feed(new BinaryCodec(), c.requests(), c.replies(), chunk);
      List<Request<?>> r = c.requests();
      assertEquals(Status.HIT, r.get(0).status());
      assertEquals("hello", new String(value(r.get(0))));
      assertEquals(16, flags(r.get(0)));
      assertEquals(77, cas(r.get(0)), "cas");
      assertEquals(Status.MISS, r.get(1).status());
      Item[] items = items(r.get(2));
      assertEquals("1", new String(items[0].bytes()));
      assertNull(items[1]);
      assertEquals(0, items[2].bytes().length);
      assertEquals(
          List.of(Status.STORED, Status.NOT_STORED, Status.EXISTS, Status.NUMBER, Status.NOT_FOUND),
          r.subList(3, 8).stream().map(x -> x.status()).toList());
      assertEquals(-2L, number(r.get(6)), "unsigned 2^64-2");
      assertEquals(Map.of("pid", "42", "uptime", "7"), statsOf(r.get(8)));
      assertEquals("1.6.18", version(r.get(9)));
      assertEquals(
          Status.NOT_STORED, r.get(10).status(), "a quiet write's failure is read, then its noop");
      assertEquals(Status.TOUCHED, r.get(11).status());
      Item[] xy = items(r.get(12));
      assertEquals("X", new String(xy[0].bytes()));
      assertNull(xy[1], "the last key's getk miss ends the multi-get");
      assertEquals(Status.HIT, r.get(12).status());
      assertTrue(r.stream().allMatch(x -> serverError(x) == null));
    }
  }

  /** A server's probe sends a plain version request: it has no place for the string. */
  @Test
  void aPlainVersionRequestReadsItsReplyAndDropsTheString() {
    BinaryCodec codec = new BinaryCodec();
    Request<Void> probe = new Request<>(Command.VERSION, null, Long.MAX_VALUE, r -> null);
    encode(codec, List.of(probe));
    byte[] reply =
        new BinaryReplies()
            .packet(0x0b, 0, probe.opaque, 0, NONE, NONE, "1.6.18".getBytes())
            .bytes();
    feed(codec, List.of(probe), reply, 1);
    assertEquals(Status.OK, probe.status());
    assertNull(serverError(probe));
  }

  private static RuntimeException errorFor(Command command, int opcode, int status) {
    Request<Void> r = command == Command.STATS ? stats("items") : request(command, "k");
    encode(new BinaryCodec(), List.of(r));
    feed(
        new BinaryCodec(),
        List.of(r),
        new BinaryReplies().simple(opcode, status, r.opaque).bytes(),
        1000);
    return serverError(r);
  }

  @Test
  void errorStatusesBecomeTheMatchingExceptionsAndKeepTheConnection() {
    Map<Integer, Class<?>> expected =
        Map.of(
            0x03,
            MemcacheServerException.class,
            0x04,
            MemcacheClientException.class,
            0x06,
            MemcacheClientException.class,
            0x82,
            MemcacheServerException.class,
            0x81,
            MemcacheUnknownCommandException.class,
            0x83,
            MemcacheUnknownCommandException.class,
            0x20,
            MemcacheAuthenticationException.class,
            0x85,
            MemcacheServerException.class);
    expected.forEach(
        (status, type) ->
            assertInstanceOf(type, errorFor(Command.SET, 0x01, status), "status " + status));
    assertInstanceOf(MemcacheClientException.class, errorFor(Command.INCR, 0x05, 0x06));
    assertInstanceOf(
        MemcacheUnknownCommandException.class,
        errorFor(Command.STATS, 0x10, 0x01),
        "unknown stats group");
    assertTrue(errorFor(Command.SET, 0x01, 0x03).getMessage().contains("set 'k'"));
  }

  private static void assertProtocolError(Command command, Function<Request<Void>, byte[]> reply) {
    Request<Void> r =
        command == Command.MULTI_GET ? multi(command, "a", "b") : request(command, "k");
    encode(new BinaryCodec(), List.of(r));
    byte[] bytes = reply.apply(r);
    assertThrows(
        MemcacheProtocolException.class, () -> feed(new BinaryCodec(), List.of(r), bytes, 1));
  }

  @Test
  void garbageUnknownStatusesAndOtherRequestsRepliesAreProtocolErrors() {
    assertProtocolError(
        Command.GET, r -> new BinaryReplies().simple(0x00, 0x7777, r.opaque).bytes());
    assertProtocolError(
        Command.GET, r -> new BinaryReplies().simple(0x00, 0x01, r.opaque + 1).bytes());
    assertProtocolError(Command.GET, r -> new BinaryReplies().simple(0x04, 0x01, r.opaque).bytes());
    assertProtocolError(Command.GET, r -> "VALUE k 0 1\r\nx\r\nEND\r\n--padding--".getBytes());
    assertProtocolError(
        Command.GET,
        r ->
            new BinaryReplies()
                .packet(0x00, 0, r.opaque, 0, NONE, NONE, "no flags".getBytes())
                .bytes());
    assertProtocolError(
        Command.INCR,
        r -> new BinaryReplies().packet(0x05, 0, r.opaque, 0, NONE, NONE, "12".getBytes()).bytes());
    assertProtocolError(
        Command.MULTI_GET,
        r -> new BinaryReplies().value(0x0d, r.opaque, 1, 0, "b", "wrong key").bytes());
    assertProtocolError(
        Command.MULTI_GET, r -> new BinaryReplies().simple(0x0a, 0, r.opaque + 1).bytes());
    byte[] inconsistent = new BinaryReplies().simple(0x00, 0x01, 0).bytes();
    inconsistent[2] = 0x7f; // key length beyond the body
    assertProtocolError(Command.GET, r -> inconsistent);
  }
}
