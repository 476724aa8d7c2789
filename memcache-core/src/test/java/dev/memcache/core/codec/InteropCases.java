package dev.memcache.core.codec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The values both interop directions exchange: each as a Python expression and as the equal JVM
 * value. Where a client or direction legitimately differs, the case says so.
 *
 * @param python how Python writes it (and, unless {@code pythonFromJvm} differs, what Python reads)
 * @param java what the JVM reads from Python, and writes
 * @param javaFromPylibmc what the JVM reads when pylibmc wrote it (pylibmc stores bools as
 *     integers)
 * @param pythonFromJvm what Python reads when the JVM wrote {@code java}
 * @param big a value near the 1 MiB item limit, compressible
 */
public record InteropCases(
    String name,
    String python,
    Object java,
    Object javaFromPylibmc,
    String pythonFromJvm,
    boolean big) {

  public static InteropCases of(String name, String python, Object java) {
    return new InteropCases(name, python, java, java, python, false);
  }

  InteropCases pylibmcWrites(Object javaValue) {
    return new InteropCases(name, python, java, javaValue, pythonFromJvm, big);
  }

  InteropCases pythonReadsJvmValueAs(String expr) {
    return new InteropCases(name, python, java, javaFromPylibmc, expr, big);
  }

  InteropCases nearItemLimit() {
    return new InteropCases(name, python, java, javaFromPylibmc, pythonFromJvm, true);
  }

  public static final byte[] BIG_BYTES = bigBytes();

  public static final List<InteropCases> ALL =
      List.of(
          of("unicode", "'héllo wörld ✓ 日本 🎉'", "héllo wörld ✓ 日本 🎉"),
          of("empty_str", "''", ""),
          of("empty_bytes", "b''", new byte[0]),
          of(
              "bytes",
              "b'\\x00\\xffabc\\r\\n'",
              new byte[] {0, (byte) 0xff, 'a', 'b', 'c', '\r', '\n'}),
          of("zero", "0", 0L),
          of("int", "42", 42L),
          of("negative", "-7", -7L),
          of("long_max", "2**63-1", Long.MAX_VALUE),
          of("long_min", "-2**63", Long.MIN_VALUE),
          of("over_64_bits", "2**64+5", new BigInteger("18446744073709551621")),
          of("negative_huge", "-(10**30)", new BigInteger("-1000000000000000000000000000000")),
          of("true", "True", true).pylibmcWrites(1L),
          of("false", "False", false).pylibmcWrites(0L),
          of("float", "1.5", 1.5),
          of("tiny_float", "-2.25e-300", -2.25e-300),
          of("infinity", "float('inf')", Double.POSITIVE_INFINITY),
          of("none", "None", null),
          of(
              "list",
              "[1, 'a', None, 2.5, b'x', True, 2**64+5]",
              Arrays.asList(
                  1L,
                  "a",
                  null,
                  2.5,
                  new byte[] {'x'},
                  true,
                  new BigInteger("18446744073709551621"))),
          of("empty_list", "[]", List.of()),
          of("tuple", "(1, 'a', (2,))", PythonTuple.of(1L, "a", PythonTuple.of(2L))),
          of("empty_tuple", "()", PythonTuple.of()),
          of("set", "{1, 2, 3}", Set.of(1L, 2L, 3L)),
          of("empty_set", "set()", Set.of()),
          of("frozenset", "frozenset({'a', 'b'})", Set.of("a", "b"))
              .pythonReadsJvmValueAs("{'a', 'b'}"),
          of("dict", "{'a': 1, 'b': 'two'}", Map.of("a", 1L, "b", "two")),
          of(
              "nested",
              "{'users': [{'id': 1, 'tags': ('x', 'y'), 'scores': {1.5, 2.5}}, {'id': 2**64+5, 'tags': (), 'meta': {'ok': True, 'none': None}}]}",
              map(
                  "users",
                  List.of(
                      map("id", 1L, "tags", PythonTuple.of("x", "y"), "scores", Set.of(1.5, 2.5)),
                      map(
                          "id",
                          new BigInteger("18446744073709551621"),
                          "tags",
                          PythonTuple.of(),
                          "meta",
                          map("ok", true, "none", null))))),
          of(
              "tuple_keys",
              "{(1, 'a'): [b'\\x01'], 'k': {}, None: -1}",
              map(PythonTuple.of(1L, "a"), List.of(new byte[] {1}), "k", Map.of(), null, -1L)),
          of("ordered_dict", "collections.OrderedDict([('b', 1), ('a', 2)])", map("b", 1L, "a", 2L))
              .pythonReadsJvmValueAs("{'b': 1, 'a': 2}"),
          of("big_text", "'é' * 400000 + 'x' * 199999", "é".repeat(400000) + "x".repeat(199999))
              .nearItemLimit(),
          of("big_bytes", "bytes(range(256)) * 3900", BIG_BYTES).nearItemLimit(),
          of("big_list", "list(range(100000))", LongStream.range(0, 100000).boxed().toList())
              .nearItemLimit());

  public static Map<Object, Object> map(Object... keysAndValues) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  private static byte[] bigBytes() {
    byte[] b = new byte[256 * 3900];
    for (int i = 0; i < b.length; i++) b[i] = (byte) i;
    return b;
  }
}
