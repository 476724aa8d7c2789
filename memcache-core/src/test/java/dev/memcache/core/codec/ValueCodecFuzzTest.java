package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.MemcacheException;
import dev.memcache.core.codec.PythonValueCodec.Compression;
import dev.memcache.core.internal.compress.Lz4Block;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer for {@link PythonValueCodec#decode} under every flag combination (bytes,
 * text, int, long, pickle, each with zlib, and LZ4), and so for the restricted unpickler: it
 * mutates encodings the codec itself writes, Python's own pickles of protocols 0 to 5, and random
 * bytes. Every input must decode to a value or fail with a {@link MemcacheException}, within one
 * second (a watchdog thread measures each input) and within a memory allowance measured per input.
 *
 * <p>Runs for {@code -Dfuzz.millis} (default 6000) from {@code -Dfuzz.seed} (default 14); a failure
 * prints the seed, the flags and the input's bytes in hex, to be kept as a regression case.
 */
class ValueCodecFuzzTest {
  static final long SEED = Long.getLong("fuzz.seed", 14);
  static final long MILLIS = Long.getLong("fuzz.millis", 6000);
  static final long PER_INPUT_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final int MAX_DECOMPRESSED = 1 << 20;

  /** What one input may allocate: a few copies of the largest value plus a factor of its size. */
  static final long MEMORY_ALLOWANCE = 8L * MAX_DECOMPRESSED;

  static final int[] FLAGS = {0, 1, 2, 4, 16, 8, 9, 10, 12, 24, 32};

  /** Python 3.11's pickles of protocols 0 to 5 of a value holding every type the reader knows. */
  static final String[] PYTHON_PICKLES = {
    "286470300a56610a70310a286c70320a49310a6146322e350a614e614930310a614930300a6156746578740a70330a6156e95c75346532640a70340a61635f636f646563730a656e636f64650a70350a285662790a70360a566c6174696e310a70370a7470380a5270390a612849310a5674776f0a7031300a635f5f6275696c74696e5f5f0a66726f7a656e7365740a7031310a28286c7031320a49330a612849340a747031330a61747031340a527031350a747031360a61635f5f6275696c74696e5f5f0a7365740a7031370a28286c7031380a49350a6149360a61747031390a527032300a61635f5f6275696c74696e5f5f0a6279746561727261790a7032310a2867350a285662610a7032320a67370a747032330a527032340a747032350a527032360a614c313138303539313632303731373431313330333432344c0a614c2d33363839333438383134373431393130333233324c0a61492d370a61493330300a614937303030300a6146696e660a6173566f640a7032370a63636f6c6c656374696f6e730a4f726465726564446963740a7032380a2874527032390a56780a7033300a49310a7356790a7033310a286c7033320a49320a6173732849310a49320a747033330a28647033340a566e0a7033350a28647033360a73735673680a7033370a286c7033380a286c7033390a49310a6156730a7034300a61616733390a61286733390a747034310a617356650a7034320a282874286c7034330a28647034340a6731370a28286c7034350a747034360a527034370a6731310a28286c7034380a747034390a527035300a635f5f6275696c74696e5f5f0a62797465730a7035310a2874527035320a747035330a732e",
    "7d71002858010000006171015d7102284b014740040000000000004e4930310a4930300a58040000007465787471035805000000c3a9e4b8ad7104635f636f646563730a656e636f64650a71052858020000006279710658060000006c6174696e317107747108527109284b01580300000074776f710a635f5f6275696c74696e5f5f0a66726f7a656e7365740a710b285d710c284b03284b0474710d6574710e52710f747110635f5f6275696c74696e5f5f0a7365740a7111285d7112284b054b0665747113527114635f5f6275696c74696e5f5f0a6279746561727261790a711528680528580200000062617116680774711752711874711952711a4c313138303539313632303731373431313330333432344c0a4c2d33363839333438383134373431393130333233324c0a4af9ffffff4d2c014a70110100477ff00000000000006558020000006f64711b63636f6c6c656374696f6e730a4f726465726564446963740a711c2952711d28580100000078711e4b01580100000079711f5d71204b026175284b014b027471217d712258010000006e71237d7124735802000000736871255d7126285d7127284b01580100000073712865682728682774712965580100000065712a28295d712b7d712c6811285d712d74712e52712f680b285d7130747131527132635f5f6275696c74696e5f5f0a62797465730a713329527134747135752e",
    "80027d71002858010000006171015d7102284b014740040000000000004e888958040000007465787471035805000000c3a9e4b8ad7104635f636f646563730a656e636f64650a710558020000006279710658060000006c6174696e3171078671085271094b01580300000074776f710a635f5f6275696c74696e5f5f0a66726f7a656e7365740a710b5d710c284b034b0485710d6585710e52710f877110635f5f6275696c74696e5f5f0a7365740a71115d7112284b054b0665857113527114635f5f6275696c74696e5f5f0a6279746561727261790a71156805580200000062617116680786711752711885711952711a8a090000000000000000408a090000000000000000fe4af9ffffff4d2c014a70110100477ff00000000000006558020000006f64711b63636f6c6c656374696f6e730a4f726465726564446963740a711c2952711d28580100000078711e4b01580100000079711f5d71204b0261754b014b028671217d712258010000006e71237d7124735802000000736871255d7126285d7127284b015801000000737128656827682785712965580100000065712a28295d712b7d712c68115d712d85712e52712f680b5d7130857131527132635f5f6275696c74696e5f5f0a62797465730a713329527134747135752e",
    "80037d71002858010000006171015d7102284b014740040000000000004e888958040000007465787471035805000000c3a9e4b8ad71044302627971054b01580300000074776f7106636275696c74696e730a66726f7a656e7365740a71075d7108284b034b048571096585710a52710b87710c636275696c74696e730a7365740a710d5d710e284b054b066585710f527110636275696c74696e730a6279746561727261790a71114302626171128571135271148a090000000000000000408a090000000000000000fe4af9ffffff4d2c014a70110100477ff00000000000006558020000006f64711563636f6c6c656374696f6e730a4f726465726564446963740a7116295271172858010000007871184b0158010000007971195d711a4b0261754b014b0286711b7d711c58010000006e711d7d711e7358020000007368711f5d7120285d7121284b015801000000737122656821682185712365580100000065712428295d71257d7126680d5d712785712852712968075d712a85712b52712c4300712d74712e752e",
    "8004950b010000000000007d94288c0161945d94284b014740040000000000004e88898c0474657874948c05c3a9e4b8ad9443026279944b018c0374776f94284b034b048594919487948f94284b054b06908c086275696c74696e73948c096279746561727261799493944302626194859452948a090000000000000000408a090000000000000000fe4af9ffffff4d2c014a70110100477ff0000000000000658c026f64948c0b636f6c6c656374696f6e73948c0b4f72646572656444696374949394295294288c0178944b018c0179945d944b0261754b014b0286947d948c016e947d94738c027368945d94285d94284b018c01739465681f681f8594658c01659428295d947d948f942891944300947494752e",
    "800595f5000000000000007d94288c0161945d94284b014740040000000000004e88898c0474657874948c05c3a9e4b8ad9443026279944b018c0374776f94284b034b048594919487948f94284b054b06909602000000000000006261948a090000000000000000408a090000000000000000fe4af9ffffff4d2c014a70110100477ff0000000000000658c026f64948c0b636f6c6c656374696f6e73948c0b4f72646572656444696374949394295294288c0178944b018c0179945d944b0261754b014b0286947d948c016e947d94738c027368945d94285d94284b018c01739465681a681a8594658c01659428295d947d948f942891944300947494752e",
  };

  /** Every pickle opcode byte, inserted by one of the mutations. */
  static final byte[] OPCODES = "()*.01289=BCFGIJKLMNPQRSTUVXabcdeghijlopqrstu}~".getBytes();

  static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\n', '.', '(', '-'};

  record Input(int flags, byte[] bytes) {
    @Override
    public String toString() {
      return "flags " + flags + ", " + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes);
    }
  }

  final PythonValueCodec plain =
      PythonValueCodec.builder().maxDecompressedSize(MAX_DECOMPRESSED).build();
  final List<Input> seeds = seeds();

  List<Input> seeds() {
    PythonValueCodec zlib = plain.toBuilder().compressionThreshold(1).build();
    PythonValueCodec lz4 = zlib.toBuilder().compression(Compression.LZ4).build();
    List<Object> values =
        new ArrayList<>(
            List.of(
                "",
                "text",
                "é中😀",
                "long text ".repeat(50),
                new byte[] {1, 2, 3},
                "bytes ".repeat(40).getBytes(),
                0L,
                -1L,
                Long.MAX_VALUE,
                BigInteger.TWO.pow(70).negate(),
                List.of(1L, "a", 2.5, true),
                Map.of("k", List.of(PythonTuple.of(1L, "two"), Set.of("s"))),
                PythonTuple.of(PythonTuple.of(), List.of(), "x".repeat(300))));
    Map<Object, Object> dict = new LinkedHashMap<>();
    dict.put(PythonTuple.of(1L, 2L), new LinkedHashSet<>(List.of(3L, "four")));
    values.add(dict);
    values.add(Arrays.asList(null, Double.NaN, Boolean.FALSE));
    List<Input> out = new ArrayList<>();
    for (Object v : values) {
      for (PythonValueCodec c : List.of(plain, zlib, lz4)) {
        CachedValue cv = c.encode(v);
        out.add(new Input(cv.flags(), cv.bytes()));
      }
    }
    for (String hex : PYTHON_PICKLES) {
      byte[] pickle = HexFormat.of().parseHex(hex);
      out.add(new Input(Flags.PICKLE, pickle));
      out.add(new Input(Flags.PICKLE | Flags.ZLIB, deflate(pickle)));
      out.add(new Input(Flags.LZ4, Lz4Block.compressIfSmaller(new CachedValue(1, pickle))));
    }
    return out;
  }

  @Test
  void seedsDecode() {
    for (Input in : seeds) plain.decode("k", in.flags, in.bytes);
  }

  @Test
  void mutatedAndRandomValuesDecodeOrFailWithAMemcacheExceptionInBoundedTimeAndMemory()
      throws InterruptedException {
    AtomicLong tried = new AtomicLong();
    AtomicLong decoded = new AtomicLong();
    AtomicLong startedAt = new AtomicLong(Long.MAX_VALUE);
    long[] mostAllocated = {0};
    Input[] current = new Input[1];
    List<String> findings = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Thread fuzzer =
        new Thread(
            () -> {
              Random random = new Random(SEED);
              while (System.nanoTime() < deadline && findings.size() < 5) {
                Input in = next(random);
                synchronized (current) {
                  current[0] = in;
                }
                long allocated = threads.getCurrentThreadAllocatedBytes();
                startedAt.set(System.nanoTime());
                try {
                  Object value = plain.decode("k", in.flags, in.bytes);
                  decoded.incrementAndGet();
                  // what was read can be written back, and read again
                  CachedValue again = plain.encode(value);
                  plain.decode("k", again.flags(), again.bytes());
                } catch (MemcacheException expected) {
                  // the contract: a MemcacheException (MemcacheDecodeException) or a value
                } catch (Throwable t) {
                  synchronized (findings) {
                    findings.add(in + "\n" + stackTrace(t));
                  }
                }
                startedAt.set(Long.MAX_VALUE);
                allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
                long allowance = MEMORY_ALLOWANCE + 64L * in.bytes.length;
                if (allocated > allowance)
                  synchronized (findings) {
                    findings.add(in + "\nallocated " + allocated + " bytes > " + allowance);
                  }
                mostAllocated[0] = Math.max(mostAllocated[0], allocated);
                tried.incrementAndGet();
              }
            },
            "fuzzer");
    fuzzer.setDaemon(true); // a stuck input is reported below; the thread dies with the JVM
    long start = System.nanoTime();
    fuzzer.start();
    while (fuzzer.isAlive()) {
      fuzzer.join(50);
      long busy = System.nanoTime() - startedAt.get();
      if (busy > PER_INPUT_NANOS) {
        StringBuilder where = new StringBuilder();
        for (StackTraceElement e : fuzzer.getStackTrace()) where.append("\n  at ").append(e);
        synchronized (current) {
          fail(
              "seed "
                  + SEED
                  + ": an input still decodes after "
                  + busy / 1_000_000
                  + " ms: "
                  + current[0]
                  + where);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "value codec fuzz: seed %d, %d inputs in %.1f s (%d decoded to a value), at most %d bytes"
            + " allocated by one input%n",
        SEED, tried.get(), seconds, decoded.get(), mostAllocated[0]);
    synchronized (findings) {
      assertEquals(List.of(), findings, "seed " + SEED);
    }
    assertTrue(tried.get() > 1000, "only " + tried.get() + " inputs in " + seconds + " s");
  }

  Input next(Random r) {
    if (r.nextInt(10) == 0) {
      byte[] b = new byte[r.nextInt(r.nextBoolean() ? 16 : 600)];
      r.nextBytes(b);
      return new Input(r.nextInt(8) == 0 ? r.nextInt() : FLAGS[r.nextInt(FLAGS.length)], b);
    }
    Input in = seeds.get(r.nextInt(seeds.size()));
    int flags = in.flags;
    byte[] b = in.bytes;
    if ((flags & Flags.ZLIB) != 0 && r.nextBoolean()) {
      // mutate what is inside, so that the inner decoders see near-valid data too
      return new Input(flags, deflate(mutate(inflate(b), r)));
    }
    if (flags == Flags.LZ4 && r.nextBoolean()) {
      CachedValue inner = Lz4Block.decompress(b, Integer.MAX_VALUE);
      byte[] mutated = mutate(inner.bytes(), r);
      byte[] payload = Lz4Block.compressIfSmaller(new CachedValue(inner.flags(), mutated));
      if (payload != null) return new Input(flags, payload);
    }
    if (r.nextInt(10) == 0) flags = FLAGS[r.nextInt(FLAGS.length)];
    return new Input(flags, mutate(b, r));
  }

  byte[] mutate(byte[] original, Random r) {
    byte[] b = original.clone();
    for (int n = 1 + r.nextInt(4); n > 0; n--) {
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      switch (r.nextInt(8)) {
        case 0 -> {
          if (b.length > 0) b[at] ^= (byte) (1 << r.nextInt(8));
        }
        case 1 -> {
          if (b.length > 0) b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        }
        case 2 -> b = insert(b, at, new byte[] {OPCODES[r.nextInt(OPCODES.length)]});
        case 3 -> {
          byte[] junk = new byte[1 + r.nextInt(8)];
          r.nextBytes(junk);
          b = insert(b, at, junk);
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(16));
          byte[] cut = new byte[b.length - len];
          System.arraycopy(b, 0, cut, 0, at);
          System.arraycopy(b, at + len, cut, at, b.length - at - len);
          b = cut;
        }
        case 5 -> {
          int len = Math.min(b.length - at, 1 + r.nextInt(64));
          b = insert(b, at, Arrays.copyOfRange(b, at, at + len));
        }
        case 6 -> b = Arrays.copyOf(b, at);
        default -> {
          byte[] other = seeds.get(r.nextInt(seeds.size())).bytes;
          int from = other.length == 0 ? 0 : r.nextInt(other.length);
          b = insert(b, at, Arrays.copyOfRange(other, from, Math.min(other.length, from + 32)));
        }
      }
    }
    return b;
  }

  static byte[] insert(byte[] b, int at, byte[] what) {
    byte[] out = new byte[b.length + what.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(b, at, out, at + what.length, b.length - at);
    return out;
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater();
    try {
      d.setInput(data);
      d.finish();
      byte[] out = new byte[data.length + 64];
      int n = d.deflate(out);
      return Arrays.copyOf(out, n);
    } finally {
      d.end();
    }
  }

  static byte[] inflate(byte[] zlib) {
    return dev.memcache.core.internal.compress.Zlib.decompress(zlib, Integer.MAX_VALUE);
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
