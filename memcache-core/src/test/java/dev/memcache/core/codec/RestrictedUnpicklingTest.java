package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Pickles as Python writes them in every protocol, and hostile ones: unpickling builds plain data
 * only and can never load a class, call a function or allocate what the bytes do not hold.
 */
class RestrictedUnpicklingTest {
  final PythonValueCodec codec = PythonValueCodec.DEFAULT;

  /** Pickle bytes written as a Java string of chars 0-255 (the output of Python's {@code repr}). */
  static byte[] p(String latin1) {
    return latin1.getBytes(StandardCharsets.ISO_8859_1);
  }

  String read(String pickle) {
    return Shapes.of(codec.decode("k", 1, p(pickle)));
  }

  String refusal(String pickle) {
    var e = assertThrows(MemcacheDecodeException.class, () -> codec.decode("k", 1, p(pickle)));
    assertTrue(
        e.getMessage().startsWith("cannot decode key 'k' with flags 1 (PICKLE): "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void pythonMemcachedProtocol0PicklesRead() {
    assertEquals("bool:true", read("I01\n."));
    assertEquals("float:1.5", read("F1.5\n."));
    assertEquals("float:Infinity", read("Finf\n."));
    assertEquals("None", read("N."));
    assertEquals("list[long:1, str:'a']", read("(lp0\nI1\naVa\np1\na."));
    assertEquals("tuple(long:1, long:2)", read("(I1\nI2\ntp0\n."));
    assertEquals(
        "set{long:1, long:2}", read("c__builtin__\nset\np0\n((lp1\nI1\naI2\natp2\nRp3\n."));
    assertEquals("set{long:1}", read("c__builtin__\nfrozenset\np0\n((lp1\nI1\natp2\nRp3\n."));
    assertEquals("dict{str:'a': long:1}", read("(dp0\nVa\np1\nI1\ns."));
    assertEquals("bigint:18446744073709551621", read("L18446744073709551621L\n."));
    assertEquals("bytes:6162", read("c_codecs\nencode\np0\n(Vab\np1\nVlatin1\np2\ntp3\nRp4\n."));
    assertEquals("bytes:", read("c__builtin__\nbytes\np0\n(tRp1\n."));
    assertEquals(
        "dict{str:'a': long:1}", read("ccollections\nOrderedDict\np0\n(tRp1\nVa\np2\nI1\ns."));
  }

  @Test
  void protocol2PicklesRead() {
    assertEquals(
        "bytes:6162",
        read(
            "\u0080\u0002c_codecs\nencode\nq\u0000X\u0002\u0000\u0000\u0000abq\u0001X\u0006\u0000\u0000\u0000latin1q\u0002\u0086q\u0003Rq\u0004."));
    assertEquals(
        "bigint:-1180591620717411303424",
        read("\u0080\u0002\u008a\t\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u00c0."));
    assertEquals(
        "dict{str:'a': list[long:1, tuple(long:2, long:3)], str:'b': dict{str:'c': None}}",
        read(
            "\u0080\u0002}q\u0000(X\u0001\u0000\u0000\u0000aq\u0001]q\u0002(K\u0001K\u0002K\u0003\u0086q\u0003eX\u0001\u0000\u0000\u0000bq\u0004}q\u0005X\u0001\u0000\u0000\u0000cq\u0006Nsu."));
  }

  @Test
  void protocol5PicklesFromPylibmcAndPymemcacheRead() {
    assertEquals(
        "float:1.5",
        read(
            "\u0080\u0005\u0095\n\u0000\u0000\u0000\u0000\u0000\u0000\u0000G?\u00f8\u0000\u0000\u0000\u0000\u0000\u0000."));
    assertEquals(
        "list[long:1, str:'a']",
        read(
            "\u0080\u0005\u0095\u000b\u0000\u0000\u0000\u0000\u0000\u0000\u0000]\u0094(K\u0001\u008c\u0001a\u0094e."));
    assertEquals(
        "set{long:1, long:2}",
        read(
            "\u0080\u0005\u0095\t\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008f\u0094(K\u0001K\u0002\u0090."));
    assertEquals(
        "set{long:1}",
        read(
            "\u0080\u0005\u0095\u0006\u0000\u0000\u0000\u0000\u0000\u0000\u0000(K\u0001\u0091\u0094."));
    assertEquals(
        "bytes:6162",
        read(
            "\u0080\u0005\u0095\r\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0096\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000ab\u0094."));
    assertEquals(
        "dict{str:'a': long:1}",
        read(
            "\u0080\u0005\u0095)\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u008c\u000bcollections\u0094\u008c\u000bOrderedDict\u0094\u0093\u0094)R\u0094\u008c\u0001a\u0094K\u0001s."));
  }

  @Test
  void globalsOtherThanTheDataBuiltinsAreRefusedBeforeAnythingRuns() {
    assertTrue(
        refusal("cos\nsystem\n(S'touch /tmp/pwned'\ntR.")
            .contains("pickle references os.system, which is not allowed"));
    assertTrue(refusal("cposix\nsystem\n(Vid\ntR.").contains("posix.system"));
    assertTrue(
        refusal("\u0080\u0004\u008c\u0002os\u008c\u0006system\u0093\u008c\u0002id\u0085R.")
            .contains("os.system"),
        "STACK_GLOBAL");
    assertTrue(refusal("cbuiltins\neval\n(V1+1\ntR.").contains("builtins.eval"));
    assertTrue(refusal("c__builtin__\ngetattr\n.").contains("__builtin__.getattr"));
    assertTrue(
        refusal("c__main__\nUser\n)\u0081}b.").contains("__main__.User"),
        "an arbitrary Python class");
    assertTrue(refusal("cjava.lang\nRuntime\n.").contains("java.lang.Runtime"), "a Java class");
    assertTrue(refusal("cjava.lang.ProcessBuilder\n\n.").contains("not allowed"));
  }

  @Test
  void opcodesThatConstructOrCallAreRefusedEvenOnAllowedGlobals() {
    assertTrue(
        refusal("\u0080\u0002c__builtin__\nset\n)\u0081.").contains("object construction"),
        "NEWOBJ");
    assertTrue(refusal("(i__builtin__\nset\n.").contains("object construction"), "INST");
    assertTrue(refusal("(c__builtin__\nset\no.").contains("object construction"), "OBJ");
    assertTrue(refusal("\u0080\u0002]}b.").contains("BUILD"));
    assertTrue(refusal("P1\n.").contains("persistent ids"));
    assertTrue(refusal("\u0080\u0002\u0082\u0001.").contains("extension codes"));
    assertTrue(refusal("\u0080\u0005\u0097.").contains("out-of-band buffers"));
    assertTrue(refusal("\u0080\u0002]]R.").contains("REDUCE on list"), "calling a non-callable");
    assertTrue(
        refusal("c__builtin__\nset\n.").contains("never called"), "a bare global is not a value");
    assertTrue(
        refusal("c_codecs\nencode\n(Vab\nVutf-16\ntR.").contains("expected (str, 'latin1')"));
  }

  @Test
  void lengthFieldsLargerThanTheDataAreRefusedBeforeAllocating() {
    assertTrue(
        refusal("\u0080\u0003B\u00ff\u00ff\u00ff\u007f.").contains("announces 2147483647 bytes"),
        "BINBYTES of 2 GiB");
    assertTrue(
        refusal("\u0080\u0003X\u00ff\u00ff\u00ff\u00ffab.").contains("announces 4294967295 bytes"),
        "BINUNICODE, negative as int");
    assertTrue(
        refusal("\u0080\u0004\u008e\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0080.")
            .contains("announces"),
        "BINBYTES8");
    assertTrue(
        refusal("\u0080\u0002\u008b\u00ff\u00ff\u00ff\u0007.").contains("announces"), "LONG4");
    assertTrue(
        refusal("\u0080\u0003B\u0001\u0000").contains("truncated"), "length field itself cut");
  }

  @Test
  void selfReferencingAndOverlyDeepValuesAreRefusedNotOverflowed() {
    assertTrue(
        refusal("\u0080\u0002]q\u0000h\u0000a.").contains("contains itself"),
        "l = []; l.append(l)");
    assertTrue(
        refusal("\u0080\u0002}q\u0000X\u0001\u0000\u0000\u0000ah\u0000s.")
            .contains("contains itself"),
        "d['a'] = d");
    String deep = "\u0080\u0002" + "]".repeat(600) + "a".repeat(599) + ".";
    assertTrue(refusal(deep).contains("nested deeper than 500"));
    String deepTuple = "\u0080\u0002" + "N" + "\u0085".repeat(600) + ".";
    assertTrue(refusal(deepTuple).contains("nested deeper than 500"));
  }

  @Test
  void unhashableKeysAreRefusedAsPythonRefusesThem() {
    assertTrue(refusal("\u0080\u0002}]Ns.").contains("unhashable list"));
    assertTrue(refusal("\u0080\u0002\u008f(}\u0090.").contains("unhashable dict"));
    assertTrue(
        refusal("\u0080\u0002}]\u0085Ns.").contains("unhashable tuple"), "a tuple holding a list");
    assertEquals(
        "dict{tuple(long:1, set{str:'a'}): None}",
        read("\u0080\u0004}K\u0001(\u008c\u0001a\u0091\u0086Ns."),
        "frozenset inside a tuple key");
  }

  @Test
  void sharedTuplesHashOnceSoAPickleCannotMakeHashingExponential() {
    // t0 = (None, None); t(i+1) = (ti, ti) through the memo; {t80: None} would hash 2^80 leaves
    // naively
    StringBuilder sb = new StringBuilder("\u0080\u0004NN\u0086");
    for (int i = 0; i < 80; i++)
      sb.append('\u0094')
          .append('h')
          .append((char) i)
          .append('\u0086'); // MEMOIZE, BINGET i, TUPLE2
    sb.append("\u0094}h").append((char) 80).append("Ns.");
    Map<?, ?> m =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> (Map<?, ?>) codec.decode("k", 1, p(sb.toString())));
    assertEquals(1, m.size());
  }

  /**
   * Observed: two tuple chains t(i+1) = (ti, ti) of depth 60 that share their halves (DUP), used as
   * the two keys of one dict, made equality walk each chain as a tree of 2^60 leaves. 252 bytes.
   */
  static byte[] twoSharedTupleChainsAsDictKeys() {
    String chain = ")" + "2\u0086".repeat(60); // (), then DUP + TUPLE2 sixty times
    return p("\u0080\u0002}(" + chain + "K\u0001" + chain + "K\u0002u.");
  }

  @Test
  void twoEqualSharedTupleChainsAsDictKeysDecodeInLinearTime() {
    byte[] pickle = twoSharedTupleChainsAsDictKeys();
    assertEquals(252, pickle.length);
    long first = System.nanoTime();
    Map<?, ?> m =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> (Map<?, ?>) codec.decode("k", 1, pickle));
    first = System.nanoTime() - first;
    // Python keeps one key for two equal keys, with the last value
    assertEquals(1, m.size());
    assertEquals(2L, m.values().iterator().next());
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      long t0 = System.nanoTime();
      codec.decode("k", 1, pickle);
      best = Math.min(best, System.nanoTime() - t0);
    }
    System.out.printf(
        "252-byte shared tuple chains: first decode %.3f ms, best of 20 %.3f ms%n",
        first / 1e6, best / 1e6);
    assertTrue(best < 50_000_000L, "decode took " + best / 1e6 + " ms, bound 50 ms");
  }

  @Test
  void aDecodedValueWithSharedTupleChainsEncodesAgainInLinearTime() {
    Object decoded = codec.decode("k", 1, twoSharedTupleChainsAsDictKeys());
    CachedValue again =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> codec.encode(decoded));
    assertEquals(1, again.flags());
    assertTrue(again.bytes().length < 1000, again.bytes().length + " bytes: shared, not a tree");
    Object back =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> codec.decode("k", 1, again.bytes()));
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertEquals(decoded, back));
  }

  @Test
  void equalSharedTupleChainsFromTwoDecodesCompareAndHashInLinearTime() {
    String chain = ")" + "2\u0086".repeat(60);
    Object a = codec.decode("a", 1, p("\u0080\u0002" + chain + "."));
    Object b = codec.decode("b", 1, p("\u0080\u0002" + chain + "."));
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertEquals(a.hashCode(), b.hashCode());
          assertEquals(a, b);
          assertNotEquals(a, codec.decode("c", 1, p("\u0080\u0002" + chain + "N\u0086.")));
        });
  }

  @Test
  void sharedFrozensetChainsAsDictKeysDecodeInLinearTime() {
    // f(i+1) = frozenset({fi, (fi,)}) through the memo, twice, as the two keys of one dict
    StringBuilder sb = new StringBuilder("\u0080\u0004}(");
    int memo = 0;
    for (int chain = 0; chain < 2; chain++) {
      sb.append("(\u0091"); // frozenset()
      for (int i = 0; i < 60; i++, memo++) {
        char m = (char) memo; // MEMOIZE, POP, MARK, BINGET m, BINGET m, TUPLE1, FROZENSET
        sb.append("\u00940(h").append(m).append('h').append(m).append("\u0085\u0091");
      }
      sb.append("K").append((char) (chain + 1));
    }
    byte[] pickle = p(sb.append("u.").toString());
    Map<?, ?> m =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> (Map<?, ?>) codec.decode("k", 1, pickle));
    assertEquals(1, m.size());
    assertEquals(2L, m.values().iterator().next());
  }

  @Test
  void dictKeysCraftedToCollideFailInsteadOfMakingDecodingQuadratic() {
    int n = 40_000;
    // Java hashes the tuple (i, 31 * (n - i)) to 961 + 31 * n for every i: one bucket of tuples,
    // which HashMap cannot order, so each insert compared every key before it (over 5 s)
    byte[] tuples = dictOf(n, i -> binint(i) + binint(31L * (n - i)) + "\u0086");
    // 16 blocks of "Aa" or "BB" all hash alike, and so do the ints (x << 32 | x ^ hash): a bucket
    // mixing str and int keys cannot be a tree either
    int hash = "Aa".repeat(16).hashCode();
    byte[] mixed =
        dictOf(
            n,
            i ->
                i % 2 == 0
                    ? "X" + binint(32).substring(1) + aaOrBb(i)
                    : "\u008a\u0008" + le32(i) + le32(i ^ hash));
    for (byte[] pickle : List.of(tuples, mixed)) {
      long t0 = System.nanoTime();
      var e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () ->
                  assertThrows(MemcacheDecodeException.class, () -> codec.decode("k", 1, pickle)));
      System.out.printf(
          "%d-byte pickle of %d colliding dict keys refused in %.1f ms%n",
          pickle.length, n, (System.nanoTime() - t0) / 1e6);
      assertTrue(e.getMessage().contains("share a hash code"), e.getMessage());
    }
  }

  @Test
  void ordinaryKeysThatShareHashCodesStillDecode() {
    // (i, j) hashes to 961 + 31 i + j: a grid of coordinates has up to 100 keys per hash code
    Map<?, ?> grid =
        (Map<?, ?>)
            codec.decode(
                "k", 1, dictOf(100 * 300, n -> binint(n / 300) + binint(n % 300) + "\u0086"));
    assertEquals(30_000, grid.size());
    // -k and k - 1 hash alike as Longs
    Map<?, ?> ints = (Map<?, ?>) codec.decode("k", 1, dictOf(20_000, n -> binint(n - 10_000)));
    assertEquals(20_000, ints.size());
  }

  /** A protocol 2 dict of {@code n} keys written by {@code key}, each with the value None. */
  static byte[] dictOf(int n, IntFunction<String> key) {
    StringBuilder sb = new StringBuilder("\u0080\u0002}(");
    for (int i = 0; i < n; i++) sb.append(key.apply(i)).append('N');
    return p(sb.append("u.").toString());
  }

  /** BININT: a signed 4-byte int. */
  static String binint(long v) {
    return "J" + le32((int) v);
  }

  static String le32(int v) {
    return ""
        + (char) (v & 0xff)
        + (char) (v >> 8 & 0xff)
        + (char) (v >> 16 & 0xff)
        + (char) (v >>> 24);
  }

  /** 16 blocks, "Aa" or "BB" after the bits of {@code i}: 65,536 strings with one hash code. */
  static String aaOrBb(int i) {
    StringBuilder sb = new StringBuilder();
    for (int bit = 0; bit < 16; bit++) sb.append((i >> bit & 1) == 0 ? "Aa" : "BB");
    return sb.toString();
  }

  /**
   * A megabyte of one opcode, or of one long line, decodes or fails in time linear in its size:
   * escapes, digits, marks, memo traffic, set members and frozensets of tuples. Each took at most
   * about 0.1 s here; the bound only catches a quadratic path.
   */
  @Test
  void aMegabyteOfAnyOneOpcodeDecodesOrFailsInBoundedTime() {
    int n = 1 << 20;
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("STRING with escapes", "S'" + "\\x41".repeat(n / 4) + "'\n.");
    cases.put("UNICODE with escapes", "V" + "\\u0041".repeat(n / 6) + "\n.");
    cases.put("INT of a megabyte of digits", "I" + "1".repeat(n) + "\n.");
    cases.put("FLOAT of a megabyte of digits", "F" + "1".repeat(n) + "\n.");
    cases.put(
        "LONG4 of a megabyte",
        "\u0080\u0002\u008b\u0000\u0000\u0010\u0000" + "\u0001".repeat(n) + ".");
    cases.put("MARKs", "(".repeat(n) + "N.");
    cases.put("APPENDS of single items", "\u0080\u0002]" + "(Ne".repeat(n / 3) + ".");
    cases.put("memo PUT and GET", "\u0080\u0002N" + "q\u0001h\u0001".repeat(n / 4) + ".");
    cases.put("PUT of a megabyte index", "Np" + "9".repeat(n) + "\n.");
    cases.put(
        "one set member added again and again", "\u0080\u0004\u008f(" + "N".repeat(n) + "\u0090.");
    cases.put(
        "frozenset of equal tuples", "\u0080\u0004(" + "K\u0001\u0085".repeat(n / 3) + "\u0091.");
    cases.put("dict of distinct ints", "\u0080\u0002}(" + distinctIntKeys(n / 6) + "u.");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      byte[] pickle = p(c.getValue());
      long t0 = System.nanoTime();
      String outcome =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () -> {
                try {
                  Object v = codec.decode("k", 1, pickle);
                  return v == null ? "None" : v.getClass().getSimpleName();
                } catch (MemcacheDecodeException e) {
                  return "refused";
                }
              },
              c.getKey());
      System.out.printf(
          "%-36s %8d bytes %7.1f ms %s%n",
          c.getKey(), pickle.length, (System.nanoTime() - t0) / 1e6, outcome);
    }
  }

  static String distinctIntKeys(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(binint(i)).append('N');
    return sb.toString();
  }

  @Test
  void trailingBytesAfterThePickleAreRefused() {
    assertTrue(refusal("N.junk").contains("4 bytes follow the end of the pickle"));
  }

  @Test
  void unknownOpcodesAndWrongTypesAreErrorsNotExceptionsFromInsideTheLibrary() {
    assertTrue(refusal("\u00ff").contains("invalid pickle opcode 0xff"));
    assertTrue(refusal("\u0080\u0009N.").contains("not a valid pickle"), "protocol 9");
    assertTrue(refusal("Na.").contains("not a valid pickle"), "APPEND on None");
    assertTrue(refusal("NNNs.").contains("SETITEM on None, not a dict"));
    assertTrue(refusal("I12x\n.").contains("not a valid pickle"));
    assertTrue(refusal("e.").contains("not a valid pickle"), "APPENDS without a mark");
    assertTrue(refusal("h\u0005.").contains("not a valid pickle"), "memo key never stored");
  }
}
