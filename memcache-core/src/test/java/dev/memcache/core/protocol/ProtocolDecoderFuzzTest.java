package dev.memcache.core.protocol;

import static dev.memcache.core.protocol.Replay.encode;
import static dev.memcache.core.protocol.Replay.request;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import com.sun.management.ThreadMXBean;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.binary.BinaryCodec;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.core.protocol.Replay.Conversation;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the three reply decoders: valid conversations (the codec tests'),
 * mutated (flipped bytes, wrong and huge lengths, truncation, garbage, endless lines), fed in
 * random chunks as the connection's reader feeds them. Every input must end in replies or a {@link
 * MemcacheException}, within a bounded time, allocating within a bound set by the item size limit
 * (never what a length field says), and asking for no more than {@link ProtocolCodec#MAX_BUFFERED}
 * buffered bytes. Runs for {@code -Dfuzz.seconds} (default 6); {@code -Dfuzz.seed} replays a run.
 */
class ProtocolDecoderFuzzTest {
  /** The item size limit of the fuzzed codecs: small, so that an allocation past it shows. */
  private static final int MAX_VALUE = 64 * 1024;

  /** Bytes one input may allocate: a few values at the limit, buffers, strings, requests. */
  private static final long MAX_ALLOCATED = 8L * 1024 * 1024;

  /** Time one input may take (it takes microseconds): beyond it the decoder loops. */
  private static final long MAX_NANOS_PER_INPUT = TimeUnit.SECONDS.toNanos(2);

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final byte[][] LENGTHS =
      Arrays.stream(
              new String[] {
                "400000000", "2147482623", "2147483647", "4294967295", "99999999999999999999",
                "65537", "16384", "0", "-1", "1"
              })
          .map(s -> s.getBytes(US_ASCII))
          .toArray(byte[][]::new);

  private record Target(
      String name, Supplier<ProtocolCodec> codec, List<Supplier<Conversation>> seeds) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target(
              "text",
              () -> new TextCodec(MAX_VALUE),
              List.of(
                  () ->
                      new Conversation(
                          List.copyOf(TextCodecTest.requests()),
                          TextCodecTest.WIRE.getBytes(US_ASCII)),
                  () -> bigValue(new TextCodec(MAX_VALUE), r -> "VALUE big 0 20000\r\n"))),
          new Target(
              "meta",
              () -> new MetaCodec(MAX_VALUE),
              List.of(
                  MetaCodecTest::conversation,
                  () ->
                      bigValue(
                          new MetaCodec(MAX_VALUE), r -> "VA 20000 f0 O" + r.opaque + "\r\n"))),
          new Target(
              "binary",
              () -> new BinaryCodec(null, null, MAX_VALUE),
              List.of(BinaryCodecTest::conversation, ProtocolDecoderFuzzTest::binaryBigValue)));

  /** A get answered with a 20000-byte value, read through FILL; {@code header} precedes it. */
  private static Conversation bigValue(ProtocolCodec codec, Function<Request<?>, String> header) {
    Request<Void> get = request(Command.GET, "big");
    encode(codec, List.of(get));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.apply(get).getBytes(US_ASCII));
    out.writeBytes("v".repeat(20_000).getBytes(US_ASCII));
    out.writeBytes((codec instanceof TextCodec ? "\r\nEND\r\n" : "\r\n").getBytes(US_ASCII));
    return new Conversation(List.of(get), out.toByteArray());
  }

  private static Conversation binaryBigValue() {
    Request<Void> get = request(Command.GET, "big");
    encode(new BinaryCodec(), List.of(get));
    byte[] value = "v".repeat(20_000).getBytes(US_ASCII);
    byte[] replies =
        new BinaryReplies().packet(0x00, 0, get.opaque, 1, new byte[4], new byte[0], value).bytes();
    return new Conversation(List.of(get), replies);
  }

  @Test
  void mutatedRepliesEndInRepliesOrAMemcacheExceptionWithinBoundedTimeAndMemory() throws Exception {
    assertTrue(THREADS.isThreadAllocatedMemorySupported(), "allocation is measured per thread");
    THREADS.setThreadAllocatedMemoryEnabled(true);
    long seed = Long.getLong("fuzz.seed", 20261202L);
    long budget = TimeUnit.SECONDS.toNanos(Long.getLong("fuzz.seconds", 6L));
    AtomicReference<String> current = new AtomicReference<>("none");
    AtomicLong inputStart = new AtomicLong(System.nanoTime());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] counts = new long[4]; // inputs, exceptions, complete, maxNanos
    long[] maxAllocated = new long[1];
    Thread fuzzer =
        Thread.ofPlatform()
            .daemon()
            .name("decoder-fuzz")
            .start(
                () -> {
                  try {
                    fuzz(seed, budget, current, inputStart, counts, maxAllocated);
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    while (fuzzer.isAlive()) {
      fuzzer.join(200);
      long running = System.nanoTime() - inputStart.get();
      if (fuzzer.isAlive() && running > MAX_NANOS_PER_INPUT) {
        fail("an input ran " + running / 1_000_000 + " ms (decoder loops?): " + current.get());
      }
    }
    System.out.printf(
        "decoder fuzz: seed %d, %d inputs in %d ms (%d ended in a MemcacheException, %d fully"
            + " decoded), slowest input %d us, most allocated by one input %d KB%n",
        seed,
        counts[0],
        budget / 1_000_000,
        counts[1],
        counts[2],
        counts[3] / 1_000,
        maxAllocated[0] / 1024);
    if (failure.get() != null) throw new AssertionError(failure.get().getMessage(), failure.get());
    assertTrue(counts[0] > 1_000, "too few inputs tried: " + counts[0]);
  }

  private static void fuzz(
      long seed,
      long budget,
      AtomicReference<String> current,
      AtomicLong inputStart,
      long[] counts,
      long[] maxAllocated) {
    Random random = new Random(seed);
    long end = System.nanoTime() + budget;
    for (long i = 0; System.nanoTime() < end; i++) {
      Target target = TARGETS.get((int) (i % TARGETS.size()));
      Conversation c = target.seeds().get(random.nextInt(target.seeds().size())).get();
      byte[] input = mutate(c.replies(), random);
      long chunkSeed = random.nextLong();
      current.set(target.name() + " input " + i + " (seed " + seed + "): " + hex(input));
      long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      inputStart.set(start);
      String outcome;
      try {
        outcome = feed(target.codec().get(), c.requests(), input, new Random(chunkSeed));
      } catch (MemcacheException e) {
        outcome = "exception";
      } catch (Throwable t) {
        throw new AssertionError("not a MemcacheException: " + t + " on " + current.get(), t);
      }
      long nanos = System.nanoTime() - start;
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
      if (allocated > MAX_ALLOCATED) {
        throw new AssertionError(allocated + " bytes allocated by " + current.get());
      }
      counts[0]++;
      if (outcome.equals("exception")) counts[1]++;
      if (outcome.equals("complete")) counts[2]++;
      counts[3] = Math.max(counts[3], nanos);
      maxAllocated[0] = Math.max(maxAllocated[0], allocated);
    }
  }

  /**
   * Feeds {@code replies} to the requests in random chunks as the connection does; returns how it
   * ended ("complete", "incomplete": bytes ran out). A {@link MemcacheException} propagates.
   */
  private static String feed(
      ProtocolCodec codec, List<Request<?>> requests, byte[] replies, Random chunks) {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    buf.flip();
    int fed = 0, head = 0;
    ReplyState reply = new ReplyState();
    for (int steps = 0; ; steps++) {
      assertTrue(steps < 4 * replies.length + 1_000, "no progress");
      if (head == requests.size()) return "complete"; // leftover bytes: unsolicited, closed
      Request<?> r = requests.get(head);
      int need = 0;
      if (buf.hasRemaining() || reply.filling != null) {
        need = codec.decode(r, buf, reply);
        if (need == ProtocolCodec.DONE) {
          Replay.finish(r, reply);
          head++;
          continue;
        }
        if (need == ProtocolCodec.FILL) {
          byte[] value = reply.filling;
          assertTrue(value.length <= MAX_VALUE, "filling " + value.length + " bytes");
          int buffered = Math.min(buf.remaining(), value.length);
          buf.get(value, 0, buffered);
          int rest = value.length - buffered;
          if (replies.length - fed < rest) return "incomplete"; // cut in the value
          System.arraycopy(replies, fed, value, buffered, rest);
          fed += rest;
          continue;
        }
        assertTrue(need > buf.remaining(), "asks for " + need + " with " + buf.remaining());
        assertTrue(need <= ProtocolCodec.MAX_BUFFERED, "asks to buffer " + need + " bytes");
      }
      if (fed == replies.length) return "incomplete";
      buf.compact();
      if (need > buf.capacity()) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, buf.capacity() * 2));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      int n =
          Math.min(
              buf.remaining(),
              Math.min(1 + chunks.nextInt(chunks.nextBoolean() ? 8 : 4096), replies.length - fed));
      buf.put(replies, fed, n);
      fed += n;
      buf.flip();
    }
  }

  /** One to three mutations of {@code valid}. */
  static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      if (b.length == 0) b = new byte[] {'\r', '\n'};
      int at = random.nextInt(b.length);
      b =
          switch (random.nextInt(10)) {
            case 0 -> { // flip a byte
              byte[] c = b.clone();
              c[at] = (byte) random.nextInt(256);
              yield c;
            }
            case 1 -> { // a byte that means something to some protocol
              byte[] c = b.clone();
              byte[] special = {'\r', '\n', ' ', '0', '9', (byte) 0x81, 0, (byte) 0xff, 'V', 'E'};
              c[at] = special[random.nextInt(special.length)];
              yield c;
            }
            case 2 -> Arrays.copyOf(b, at); // truncated
            case 3 -> splice(b, at, at, randomBytes(random, 1 + random.nextInt(64)));
            case 4 -> replaceDigits(b, at, LENGTHS[random.nextInt(LENGTHS.length)]);
            case 5 -> { // a random 32-bit field (binary lengths, opaques, statuses)
              byte[] c = b.clone();
              if (c.length >= 4) {
                int p = random.nextInt(c.length - 3);
                ByteBuffer.wrap(c).putInt(p, random.nextBoolean() ? random.nextInt() : 400_000_000);
              }
              yield c;
            }
            case 6 -> { // a slice repeated
              int to = Math.min(b.length, at + 1 + random.nextInt(64));
              yield splice(b, to, to, Arrays.copyOfRange(b, at, to));
            }
            case 7 -> splice(b, at, Math.min(b.length, at + 1 + random.nextInt(32)), new byte[0]);
            case 8 -> { // an endless line
              byte[] line = new byte[10_000 + random.nextInt(10_000)];
              Arrays.fill(line, (byte) 'x');
              yield splice(b, at, at, line);
            }
            default -> randomBytes(random, 1 + random.nextInt(256));
          };
    }
    return b;
  }

  /** Replaces the run of digits at or after {@code from} with {@code digits}. */
  private static byte[] replaceDigits(byte[] b, int from, byte[] digits) {
    int start = from;
    while (start < b.length && (b[start] < '0' || b[start] > '9')) start++;
    if (start == b.length) return b;
    int end = start;
    while (end < b.length && b[end] >= '0' && b[end] <= '9') end++;
    return splice(b, start, end, digits);
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] c = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, c, 0, from);
    System.arraycopy(insert, 0, c, from, insert.length);
    System.arraycopy(b, to, c, from + insert.length, b.length - to);
    return c;
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static String hex(byte[] b) {
    String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 256));
    return b.length > 256 ? h + "... (" + b.length + " bytes)" : h;
  }
}
