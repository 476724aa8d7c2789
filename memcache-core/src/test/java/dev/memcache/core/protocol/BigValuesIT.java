package dev.memcache.core.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.testkit.MemcachedExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values too big to be buffered whole are read straight into their own arrays ({@link
 * ProtocolCodec#FILL}), in every protocol and wherever the reads split the replies: single gets,
 * gets sharing a text line, multi-gets mixing big values, small ones and misses. The replies are a
 * real memcached's, to the bytes each codec encoded.
 */
class BigValuesIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final int MIN = ProtocolCodec.FILL_MIN;

  /** Sizes around the threshold, around the reader's 64 KB buffer, and far beyond it. */
  private static final int[] SIZES = {MIN - 1, MIN, MIN + 1, 65_535, 65_536, 100_000, 500_000};

  @BeforeAll
  static void store() throws IOException {
    ByteArrayOutputStream sets = new ByteArrayOutputStream();
    List<String> keys = new ArrayList<>();
    for (int size : SIZES) keys.add("big" + size);
    keys.add("small");
    for (String key : keys) {
      byte[] value = value(key);
      sets.write(("set " + key + " 7 0 " + value.length + "\r\n").getBytes(US_ASCII));
      sets.write(value);
      sets.write("\r\n".getBytes(US_ASCII));
    }
    String replies = new String(exchange(sets.toByteArray(), TEXT_END), US_ASCII);
    assertEquals("STORED\r\n".repeat(keys.size()), replies);
  }

  /** A key's value: its size is in its name, its bytes never look like a reply. */
  static byte[] value(String key) {
    int size = key.equals("small") ? 100 : Integer.parseInt(key.substring(3));
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) v[i] = (byte) ('a' + (i * 7 + size) % 26);
    return v;
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    List<Supplier<ProtocolCodec>> codecs =
        List.of(TextCodec::new, BinaryCodec::new, MetaCodec::new);
    for (Supplier<ProtocolCodec> codec : codecs) {
      for (int chunk : new int[] {1, 7, 1000, 4096, 65_536, Integer.MAX_VALUE}) {
        String name = codec.get().getClass().getSimpleName();
        cases.add(Arguments.of(name, codec, chunk));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {2} bytes per read")
  @MethodSource("cases")
  void everyValueArrivesWholeWhereverTheReadsSplitIt(
      String name, Supplier<ProtocolCodec> codecs, int chunk) throws IOException {
    ProtocolCodec codec = codecs.get();
    List<Request<?>> requests = new ArrayList<>();
    List<String> singles = new ArrayList<>();
    for (int size : SIZES) singles.add("big" + size);
    singles.addAll(List.of("small", "missing", "big500000", "small", "big" + MIN));
    for (String key : singles) requests.add(get(Command.GET, key));
    String[] mixed = {"small", "big100000", "missing", "big" + MIN, "big" + (MIN - 1), "small"};
    requests.add(multi(mixed));
    requests.add(get(Command.GETS, "big65536"));
    requests.add(multi("big500000", "big" + (MIN + 1)));
    requests.add(get(Command.GET, "big100000"));

    byte[] wire = Replay.encodeBatch(codec, requests);
    boolean binary = codec instanceof BinaryCodec;
    byte[] replies = exchange(wire, binary ? BINARY_END : TEXT_END);
    int fills = Replay.feed(codec, requests, replies, chunk);

    for (int i = 0; i < singles.size(); i++) {
      Request<?> r = requests.get(i);
      String key = singles.get(i);
      if (key.equals("missing")) {
        assertEquals(Status.MISS, r.status(), key);
      } else {
        assertEquals(Status.HIT, r.status(), key);
        assertEquals(7, Replay.flags(r), key);
        assertArrayEquals(value(key), Replay.value(r), key);
      }
    }
    assertItems(requests.get(singles.size()), mixed);
    assertArrayEquals(value("big65536"), Replay.value(requests.get(singles.size() + 1)));
    assertTrue(Replay.cas(requests.get(singles.size() + 1)) != 0, "a cas with the value");
    assertItems(requests.get(singles.size() + 2), "big500000", "big" + (MIN + 1));
    assertArrayEquals(value("big100000"), Replay.value(requests.get(singles.size() + 3)));

    if (chunk == Integer.MAX_VALUE) assertEquals(0, fills, "all buffered: nothing to fill");
    else if (chunk < MIN) assertTrue(fills >= 14, "values filled: " + fills);
  }

  private static void assertItems(Request<?> r, String... keys) {
    assertEquals(Status.HIT, r.status());
    Item[] items = Replay.items(r);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals("missing")) {
        assertNull(items[i], keys[i]);
      } else {
        assertEquals(7, items[i].flags(), keys[i]);
        assertArrayEquals(value(keys[i]), items[i].bytes(), keys[i]);
      }
    }
  }

  private static Request<Void> get(Command c, String key) {
    return Replay.request(c, key);
  }

  private static Request<Void> multi(String... keys) {
    return Replay.multi(Command.MULTI_GET, keys);
  }

  /** A meta no-op, answered in order after everything before it; and its answer. */
  private static final byte[][] TEXT_END = {
    "mn\r\n".getBytes(US_ASCII), "MN\r\n".getBytes(US_ASCII)
  };

  private static final byte[][] BINARY_END = {noop((byte) 0x80), noop((byte) 0x81)};

  private static byte[] noop(byte magic) {
    byte[] packet = new byte[24];
    packet[0] = magic;
    packet[1] = 0x0a;
    return packet;
  }

  /**
   * Writes {@code requests} and a no-op to the server and returns every reply byte before the
   * no-op's.
   */
  static byte[] exchange(byte[] requests, byte[][] end) throws IOException {
    try (Socket s = new Socket(memcached.server().host(), memcached.server().port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(requests);
      s.getOutputStream().write(end[0]);
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      byte[] tail = end[1];
      while (true) {
        int n = in.read(chunk);
        if (n < 0) throw new IOException("closed after " + got.size() + " bytes");
        got.write(chunk, 0, n);
        byte[] all = got.toByteArray();
        int from = all.length - tail.length;
        if (from >= 0 && Arrays.equals(all, from, all.length, tail, 0, tail.length)) {
          return Arrays.copyOf(all, from);
        }
      }
    }
  }
}
