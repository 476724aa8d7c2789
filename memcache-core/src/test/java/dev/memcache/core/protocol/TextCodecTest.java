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
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.GetAndTouch;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text codec byte by byte: replies split anywhere, many in one read, and garbage. */
class TextCodecTest {
  final TextCodec codec = new TextCodec();

  static Request<Void> request(Command c, String key) {
    return Replay.request(c, key);
  }

  static Request<Void> multi(String... keys) {
    return multi(Command.MULTI_GETS, keys);
  }

  static Request<Void> multi(Command c, String... keys) {
    return Replay.multi(c, keys);
  }

  /**
   * Feeds {@code wire} to the requests in order, {@code chunk} bytes at a time, as the reader
   * would.
   */
  void feed(String wire, int chunk, List<Request<Void>> requests) {
    byte[] bytes = wire.getBytes(US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(bytes.length + 16);
    int next = 0, fed = 0;
    ReplyState reply = new ReplyState();
    while (next < requests.size()) {
      if (fed >= bytes.length) throw new AssertionError("ran out of bytes at request " + next);
      int n = Math.min(chunk, bytes.length - fed);
      buf.put(bytes, fed, n);
      fed += n;
      buf.flip();
      while (next < requests.size() && buf.hasRemaining()) {
        Request<Void> r = requests.get(next);
        int need = codec.decode(r, buf, reply);
        if (need != ProtocolCodec.DONE) {
          assertEquals(true, need > buf.remaining(), "asks for more than it has");
          break;
        }
        Replay.finish(r, reply);
        next++;
      }
      buf.compact();
    }
    assertEquals(bytes.length, fed);
  }

  static final String WIRE =
      "VALUE a 16 5 77\r\nhello\r\nEND\r\n"
          + "END\r\n"
          + "STORED\r\n"
          + "NOT_STORED\r\n"
          + "VALUE x 0 2 1\r\nXX\r\nVALUE z 4 3 2\r\n123\r\nEND\r\n"
          + "18446744073709551615\r\n"
          + "STAT pid 42\r\nSTAT version 1.6.18\r\nEND\r\n"
          + "SERVER_ERROR out of memory storing object\r\n"
          + "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
          + "DELETED\r\n"
          + "VERSION 1.6.18\r\n";

  static List<Request<Void>> requests() {
    Request<Void> set2 = request(Command.ADD, "b");
    Request<Void> stats = Replay.request(Command.STATS, null);
    Request<Void> version = Replay.request(Command.VERSION, null);
    return List.of(
        request(Command.GETS, "a"),
        request(Command.GET, "missing"),
        request(Command.SET, "b"),
        set2,
        multi("x", "y", "z"),
        request(Command.INCR, "n"),
        stats,
        request(Command.SET, "c"),
        request(Command.INCR, "t"),
        request(Command.DELETE, "d"),
        version);
  }

  @Test
  void everyReplyParsesWhetherItArrivesByteByByteOrAllAtOnce() {
    for (int chunk : new int[] {1, 2, 3, 7, 64, 10_000}) {
      List<Request<Void>> rs = requests();
      feed(WIRE, chunk, rs);
      assertEquals(Status.HIT, rs.get(0).status());
      assertArrayEquals("hello".getBytes(US_ASCII), Replay.value(rs.get(0)));
      assertEquals(16, Replay.flags(rs.get(0)));
      assertEquals(77, Replay.cas(rs.get(0)));
      assertEquals(Status.MISS, rs.get(1).status());
      assertEquals(Status.STORED, rs.get(2).status());
      assertEquals(Status.NOT_STORED, rs.get(3).status());
      Item[] items = Replay.items(rs.get(4));
      assertArrayEquals("XX".getBytes(US_ASCII), items[0].bytes());
      assertNull(items[1]);
      assertEquals(4, items[2].flags());
      assertEquals(2, items[2].cas());
      assertEquals(-1L, Replay.number(rs.get(5)), "2^64-1 read as unsigned");
      assertEquals(Map.of("pid", "42", "version", "1.6.18"), Replay.statsOf(rs.get(6)));
      assertInstanceOf(MemcacheServerException.class, Replay.serverError(rs.get(7)));
      assertInstanceOf(MemcacheClientException.class, Replay.serverError(rs.get(8)));
      assertEquals(Status.DELETED, rs.get(9).status());
      assertEquals("1.6.18", Replay.version(rs.get(10)));
    }
  }

  @Test
  void aValueForAnotherKeyIsADesyncNotAValue() {
    assertThrows(
        MemcacheProtocolException.class,
        () -> feed("VALUE other 0 1\r\nx\r\nEND\r\n", 100, List.of(request(Command.GET, "mine"))));
    assertThrows(
        MemcacheProtocolException.class,
        () -> feed("VALUE q 0 1\r\nx\r\nEND\r\n", 100, List.of(multi("a", "b"))));
  }

  @Test
  void garbageAndBrokenBlocksAreProtocolErrors() {
    for (String bad :
        List.of(
            "HELLO\r\n",
            "VALUE a 0 3\r\nabcdEND\r\n",
            "VALUE a x 1\r\nx\r\nEND\r\n",
            "STORED\n",
            "VALUE a 0 99999999999\r\n",
            "VALUE a 0 -1\r\nEND\r\n")) {
      assertThrows(
          MemcacheProtocolException.class,
          () -> feed(bad, 1, List.of(request(Command.GET, "a"))),
          bad);
    }
    assertThrows(
        MemcacheProtocolException.class,
        () -> feed("EXISTS\r\n", 1, List.of(request(Command.DELETE, "a"))));
    assertThrows(
        MemcacheProtocolException.class,
        () -> feed("x".repeat(9000), 9000, List.of(request(Command.SET, "a"))));
  }

  /**
   * Encodes {@code keys} as consecutive gets in one batch and links them in flight, as the writer
   * does.
   */
  List<Request<Void>> mergedGets(ByteBuffer out, String... keys) {
    List<Request<Void>> rs = new java.util.ArrayList<>();
    for (String k : keys) rs.add(request(Command.GET, k));
    return batch(out, rs);
  }

  /** Encodes {@code rs} in one batch and links them in flight, as the writer does. */
  List<Request<Void>> batch(ByteBuffer out, List<Request<Void>> rs) {
    Request<Void> previous = null;
    for (Request<Void> r : rs) {
      codec.encode(r, out, previous);
      if (previous != null) Replay.link(previous, r);
      previous = r;
    }
    return rs;
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
      assertEquals(
          List.of(Status.HIT, Status.MISS, Status.HIT, Status.HIT, Status.MISS),
          fresh.stream().map(r -> r.status()).toList());
      assertArrayEquals("3".getBytes(US_ASCII), Replay.value(fresh.get(2)));
    }
  }

  @Test
  void mergedGetsStillCatchAValueNobodyAskedFor() {
    List<Request<Void>> rs = mergedGets(ByteBuffer.allocate(256), "a", "b");
    assertThrows(
        MemcacheProtocolException.class, () -> feed("VALUE zzz 0 1\r\nx\r\nEND\r\n", 3, rs));
  }

  @Test
  void onlyGetsOfOneVerbMergeAndLinesStayBounded() {
    ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    batch(
        out,
        List.of(
            request(Command.GETS, "x"),
            request(Command.GET, "y"),
            multi(Command.MULTI_GET, "z", "w"),
            request(Command.GAT, "t"),
            request(Command.GETS, "u"),
            multi(Command.MULTI_GETS, "v", "u")));
    assertEquals(
        "gets x\r\nget y z w\r\ngat 0 t\r\ngets u v u\r\n",
        new String(out.array(), 0, out.position(), US_ASCII));
    out.clear();
    String[] many = new String[250];
    for (int i = 0; i < many.length; i++) many[i] = "k" + i;
    mergedGets(out, many);
    long lines = new String(out.array(), 0, out.position(), US_ASCII).lines().count();
    assertEquals(3, lines, "at most " + 100 + " keys per line");
  }

  @Test
  void multiGetsSharingALineEachTakeTheBlocksOfTheirOwnKeys() {
    ByteBuffer out = ByteBuffer.allocate(1024);
    List<Request<Void>> rs =
        batch(
            out,
            List.of(
                request(Command.GET, "a"),
                multi(Command.MULTI_GET, "b", "c", "a"),
                multi(Command.MULTI_GET, "c", "d", "c"),
                request(Command.GET, "c")));
    assertEquals("get a b c a c d c c\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    // a, c hit; b, d miss: a block per occurrence of a hit key, in line order.
    feed(hits("a", "c", "a", "c", "c", "c"), 4, rs);
    assertEquals(
        List.of(Status.HIT, Status.HIT, Status.HIT, Status.HIT),
        rs.stream().map(r -> r.status()).toList());
    assertEquals(List.of("-", "c", "a"), items(rs.get(1)));
    assertEquals(
        List.of("c", "-", "c"), items(rs.get(2)), "a key asked twice gets a block per position");
  }

  /**
   * Random lines of gets and multi-gets over five keys (many repeats), answered as memcached does,
   * split anywhere: every request gets exactly the blocks of its own hit keys. With a key stored
   * while the server walks the line, an earlier request may take a later position's block (of the
   * same key), never another key's.
   */
  @Test
  void randomSharedLinesNeverGiveARequestAnotherKeysBlock() {
    java.util.Random random = new java.util.Random(7);
    String[] alphabet = {"a", "b", "c", "d", "e"};
    for (int round = 0; round < 2_000; round++) {
      List<Request<Void>> rs = new java.util.ArrayList<>();
      List<String> line = new java.util.ArrayList<>();
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        String[] keys = new String[1 + random.nextInt(4)];
        for (int i = 0; i < keys.length; i++) keys[i] = alphabet[random.nextInt(alphabet.length)];
        line.addAll(List.of(keys));
        rs.add(
            keys.length == 1 && random.nextBoolean()
                ? request(Command.GET, keys[0])
                : multi(Command.MULTI_GET, keys));
      }
      batch(ByteBuffer.allocate(1024), rs);
      java.util.Set<String> hit = new java.util.HashSet<>();
      for (String k : alphabet) if (random.nextBoolean()) hit.add(k);
      // Stored when the server is at position `at`
      String stored = alphabet[random.nextInt(alphabet.length)];
      int at = random.nextBoolean() ? random.nextInt(line.size()) : Integer.MAX_VALUE;
      List<String> blocks = new java.util.ArrayList<>();
      for (int i = 0; i < line.size(); i++) {
        if (hit.contains(line.get(i)) || (line.get(i).equals(stored) && i >= at))
          blocks.add(line.get(i));
      }
      feed(hits(blocks.toArray(String[]::new)), 1 + random.nextInt(40), rs);
      List<String> received = new java.util.ArrayList<>();
      for (Request<Void> r : rs) {
        if (r.keys() == null) {
          if (r.status() == Status.HIT) {
            byte[] value = Replay.value(r);
            assertEquals(r.key, new String(value, US_ASCII));
            received.add(new String(value, US_ASCII));
          }
          continue;
        }
        List<String> items = items(r);
        for (int i = 0; i < items.size(); i++) {
          if (items.get(i).equals("-")) continue;
          assertEquals(r.keys()[i], items.get(i), "round " + round);
          received.add(items.get(i));
        }
        if (at
            == Integer.MAX_VALUE) { // no store mid-line: exactly the hit keys, position by position
          for (int i = 0; i < items.size(); i++)
            assertEquals(hit.contains(r.keys()[i]), !items.get(i).equals("-"));
        }
      }
      assertEquals(blocks.size(), received.size(), "every block taken once, round " + round);
    }
  }

  /** A reply of one block per key, the key's name as its value, then END. */
  private static String hits(String... keys) {
    StringBuilder wire = new StringBuilder();
    for (String k : keys)
      wire.append("VALUE ")
          .append(k)
          .append(" 0 ")
          .append(k.length())
          .append("\r\n")
          .append(k)
          .append("\r\n");
    return wire.append("END\r\n").toString();
  }

  /** A multi-get's values by position, "-" for a miss. */
  private static List<String> items(Request<?> r) {
    Item[] items = Replay.items(r) == null ? new Item[r.keys().length] : Replay.items(r);
    return java.util.Arrays.stream(items)
        .map(i -> i == null ? "-" : new String(i.bytes(), US_ASCII))
        .toList();
  }

  /** A server's probe sends a plain version request: it has no place for the string. */
  @Test
  void aPlainVersionRequestReadsItsReplyAndDropsTheString() {
    Request<Void> probe = new Request<>(Command.VERSION, null, Long.MAX_VALUE, r -> null);
    feed("VERSION 1.6.18\r\n", 1, List.of(probe));
    assertEquals(Status.OK, probe.status());
    assertNull(Replay.serverError(probe));
  }

  @Test
  void encodesCommandsAsTheProtocolSpells() {
    Request<Void> set = Replay.store(Command.CAS, "k", "hi".getBytes(US_ASCII), -1, 60, -1L, true);
    ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(set));
    codec.encode(set, out);
    assertEquals(
        "cas k 4294967295 60 2 18446744073709551615 noreply\r\nhi\r\n",
        new String(out.array(), 0, out.position(), US_ASCII));
    Request<Void> gat = new GetAndTouch<>(Command.GATS, "k", "k", 5, Long.MAX_VALUE, r -> null);
    out = ByteBuffer.allocate(codec.maxEncodedLength(gat));
    codec.encode(gat, out);
    assertEquals("gats 5 k\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    assertEquals(0, codec.bytesAfterValue(set), "over TLS a write ends with a store's value");
    assertEquals(-1, codec.bytesAfterValue(gat), "a gat stores none");
  }

  @Test
  void anEmptyValueIsStillAValueBlockThatEndsATlsWrite() {
    Request<Void> empty = Replay.store(Command.SET, "k", new byte[0], 0, 0, 0, false);
    ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(empty));
    codec.encode(empty, out);
    assertEquals("set k 0 0 0\r\n\r\n", new String(out.array(), 0, out.position(), US_ASCII));
    assertEquals(0, codec.bytesAfterValue(empty));
  }
}
