package dev.memcache.core.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.internal.connection.Item;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Command;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text codec byte by byte: replies split anywhere, many in one read, and garbage. */
class TextCodecTest {
  final TextCodec codec = new TextCodec();

  static Request<Void> request(Command c, String key) {
    return new Request<>(c, key.getBytes(US_ASCII), null, Long.MAX_VALUE, r -> null);
  }

  static Request<Void> multi(String... keys) {
    byte[][] k = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) k[i] = keys[i].getBytes(US_ASCII);
    return new Request<>(Command.MULTI_GETS, null, k, Long.MAX_VALUE, r -> null);
  }

  /** Feeds {@code wire} to the requests in order, {@code chunk} bytes at a time, as the reader would. */
  void feed(String wire, int chunk, List<Request<Void>> requests) {
    byte[] bytes = wire.getBytes(US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(bytes.length + 16);
    int next = 0, fed = 0;
    while (next < requests.size()) {
      if (fed >= bytes.length) throw new AssertionError("ran out of bytes at request " + next);
      int n = Math.min(chunk, bytes.length - fed);
      buf.put(bytes, fed, n);
      fed += n;
      buf.flip();
      while (next < requests.size() && buf.hasRemaining()) {
        int need = codec.decode(requests.get(next), buf);
        if (need != ProtocolCodec.DONE) {
          assertEquals(true, need > buf.remaining(), "asks for more than it has");
          break;
        }
        next++;
      }
      buf.compact();
    }
    assertEquals(bytes.length, fed);
  }

  static final String WIRE = "VALUE a 16 5 77\r\nhello\r\nEND\r\n" + "END\r\n" + "STORED\r\n" + "NOT_STORED\r\n"
      + "VALUE x 0 2 1\r\nXX\r\nVALUE z 4 3 2\r\n123\r\nEND\r\n" + "18446744073709551615\r\n"
      + "STAT pid 42\r\nSTAT version 1.6.18\r\nEND\r\n" + "SERVER_ERROR out of memory storing object\r\n"
      + "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n" + "DELETED\r\n" + "VERSION 1.6.18\r\n";

  List<Request<Void>> requests() {
    Request<Void> set2 = request(Command.ADD, "b");
    Request<Void> stats = new Request<>(Command.STATS, null, null, Long.MAX_VALUE, r -> null);
    Request<Void> version = new Request<>(Command.VERSION, null, null, Long.MAX_VALUE, r -> null);
    return List.of(request(Command.GETS, "a"), request(Command.GET, "missing"), request(Command.SET, "b"), set2,
        multi("x", "y", "z"), request(Command.INCR, "n"), stats, request(Command.SET, "c"), request(Command.INCR, "t"),
        request(Command.DELETE, "d"), version);
  }

  @Test
  void everyReplyParsesWhetherItArrivesByteByByteOrAllAtOnce() {
    for (int chunk : new int[] {1, 2, 3, 7, 64, 10_000}) {
      List<Request<Void>> rs = requests();
      feed(WIRE, chunk, rs);
      assertEquals(Status.HIT, rs.get(0).status);
      assertArrayEquals("hello".getBytes(US_ASCII), rs.get(0).valueBytes);
      assertEquals(16, rs.get(0).valueFlags);
      assertEquals(77, rs.get(0).number);
      assertEquals(Status.MISS, rs.get(1).status);
      assertEquals(Status.STORED, rs.get(2).status);
      assertEquals(Status.NOT_STORED, rs.get(3).status);
      Item[] items = (Item[]) rs.get(4).extra;
      assertArrayEquals("XX".getBytes(US_ASCII), items[0].bytes());
      assertNull(items[1]);
      assertEquals(4, items[2].flags());
      assertEquals(2, items[2].cas());
      assertEquals(-1L, rs.get(5).number, "2^64-1 read as unsigned");
      assertEquals(Map.of("pid", "42", "version", "1.6.18"), rs.get(6).extra);
      assertInstanceOf(MemcacheServerException.class, rs.get(7).error);
      assertInstanceOf(MemcacheClientException.class, rs.get(8).error);
      assertEquals(Status.DELETED, rs.get(9).status);
      assertEquals("1.6.18", rs.get(10).extra);
    }
  }

  @Test
  void aValueForAnotherKeyIsADesyncNotAValue() {
    assertThrows(MemcacheProtocolException.class, () -> feed("VALUE other 0 1\r\nx\r\nEND\r\n", 100, List.of(request(Command.GET, "mine"))));
    assertThrows(MemcacheProtocolException.class, () -> feed("VALUE q 0 1\r\nx\r\nEND\r\n", 100, List.of(multi("a", "b"))));
  }

  @Test
  void garbageAndBrokenBlocksAreProtocolErrors() {
    for (String bad : List.of("HELLO\r\n", "VALUE a 0 3\r\nabcdEND\r\n", "VALUE a x 1\r\nx\r\nEND\r\n", "STORED\n",
        "VALUE a 0 99999999999\r\n", "VALUE a 0 -1\r\nEND\r\n")) {
      assertThrows(MemcacheProtocolException.class, () -> feed(bad, 1, List.of(request(Command.GET, "a"))), bad);
    }
    assertThrows(MemcacheProtocolException.class, () -> feed("EXISTS\r\n", 1, List.of(request(Command.DELETE, "a"))));
    assertThrows(MemcacheProtocolException.class, () -> feed("x".repeat(9000), 9000, List.of(request(Command.SET, "a"))));
  }

  /** Encodes {@code keys} as consecutive gets in one batch and links them in flight, as the writer does. */
  List<Request<Void>> mergedGets(ByteBuffer out, String... keys) {
    List<Request<Void>> rs = new java.util.ArrayList<>();
    Request<Void> previous = null;
    for (String k : keys) {
      Request<Void> r = request(Command.GET, k);
      codec.encode(r, out, previous);
      if (previous != null) link(previous, r);
      rs.add(r);
      previous = r;
    }
    return rs;
  }

  private static void link(Request<?> from, Request<?> to) {
    try {
      java.lang.reflect.Field next = Request.class.getDeclaredField("next");
      next.setAccessible(true);
      next.set(from, to);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void consecutiveGetsShareOneLineAndEachGetsItsOwnBlockOrAMiss() {
    ByteBuffer out = ByteBuffer.allocate(1024);
    List<Request<Void>> rs = mergedGets(out, "a", "b", "c", "a", "d");
    assertEquals("get a b c a d\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    String reply = "VALUE a 0 1\r\n1\r\nVALUE c 0 1\r\n3\r\nVALUE a 0 1\r\n1\r\nEND\r\n";
    for (int chunk : new int[] {1, 5, 1000}) {
      ByteBuffer again = ByteBuffer.allocate(1024);
      List<Request<Void>> fresh = mergedGets(again, "a", "b", "c", "a", "d");
      feed(reply, chunk, fresh);
      assertEquals(List.of(Status.HIT, Status.MISS, Status.HIT, Status.HIT, Status.MISS), fresh.stream().map(r -> r.status).toList());
      assertArrayEquals("3".getBytes(US_ASCII), fresh.get(2).valueBytes);
    }
  }

  @Test
  void mergedGetsStillCatchAValueNobodyAskedFor() {
    List<Request<Void>> rs = mergedGets(ByteBuffer.allocate(256), "a", "b");
    assertThrows(MemcacheProtocolException.class, () -> feed("VALUE zzz 0 1\r\nx\r\nEND\r\n", 3, rs));
  }

  @Test
  void onlyPlainGetsMergeAndLinesStayBounded() {
    ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    Request<Void> gets = request(Command.GETS, "x");
    Request<Void> get = request(Command.GET, "y");
    codec.encode(gets, out, null);
    codec.encode(get, out, gets);
    assertEquals("gets x\r\nget y\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    out.clear();
    String[] many = new String[250];
    for (int i = 0; i < many.length; i++) many[i] = "k" + i;
    mergedGets(out, many);
    long lines = new String(out.array(), 0, out.position(), US_ASCII).lines().count();
    assertEquals(3, lines, "at most " + 100 + " keys per line");
  }

  @Test
  void encodesCommandsAsTheProtocolSpells() {
    Request<Void> set = request(Command.CAS, "k");
    set.value = "hi".getBytes(US_ASCII);
    set.flags = -1;
    set.exptime = 60;
    set.cas = -1L;
    set.noreply = true;
    ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(set));
    codec.encode(set, out);
    assertEquals("cas k 4294967295 60 2 18446744073709551615 noreply\r\nhi\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    Request<Void> gat = request(Command.GATS, "k");
    gat.exptime = 5;
    out = ByteBuffer.allocate(codec.maxEncodedLength(gat));
    codec.encode(gat, out);
    assertEquals("gats 5 k\r\n", new String(out.array(), 0, out.position(), US_ASCII));
  }
}
