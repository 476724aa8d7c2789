package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the default codec writes for each JVM type, and that it reads it back as the same value. */
class PythonValueCodecTest {
  final PythonValueCodec codec = PythonValueCodec.DEFAULT;

  Object roundTrip(Object value) {
    CachedValue v = codec.encode(value);
    return codec.decode("k", v.flags(), v.bytes());
  }

  @Test
  void bytesAreStoredAsIsUnderFlagsZero() {
    byte[] b = {0, (byte) 0xff, 'a'};
    CachedValue v = codec.encode(b);
    assertEquals(0, v.flags());
    assertArrayEquals(b, v.bytes());
    assertArrayEquals(b, (byte[]) roundTrip(b));
  }

  @Test
  void stringsAreUtf8UnderFlag16() {
    String s = "héllo wörld ✓ 日本 🎉";
    CachedValue v = codec.encode(s);
    assertEquals(16, v.flags());
    assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), v.bytes());
    assertEquals(s, roundTrip(s));
    assertEquals("", roundTrip(""));
  }

  @Test
  void integersOfAnySizeAreDecimalUnderFlag2AndReadAsLongOrBigInteger() {
    assertEquals(2, codec.encode(42).flags());
    assertEquals("-7", new String(codec.encode(-7L).bytes(), StandardCharsets.US_ASCII));
    assertEquals(42L, roundTrip(42));
    assertEquals(42L, roundTrip((short) 42));
    assertEquals(Long.MAX_VALUE, roundTrip(Long.MAX_VALUE));
    assertEquals(Long.MIN_VALUE, roundTrip(Long.MIN_VALUE));
    BigInteger big = BigInteger.TWO.pow(64).add(BigInteger.valueOf(5));
    assertEquals(
        "18446744073709551621", new String(codec.encode(big).bytes(), StandardCharsets.US_ASCII));
    assertEquals(big, roundTrip(big));
    assertEquals(big.negate(), roundTrip(big.negate()));
    assertEquals(5L, roundTrip(BigInteger.valueOf(5)), "small BigIntegers read back as Long");
  }

  @Test
  void pylibmcIntegersUnderFlag4AndItsBooleansUnderFlag2ReadAsIntegers() {
    assertEquals(5L, codec.decode("k", 4, "5".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(1L, codec.decode("k", 2, "1".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(-3L, codec.decode("k", 4, " -3\r\n".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void booleansArePickledSoPythonReadsBoolNotInt() {
    CachedValue v = codec.encode(true);
    assertEquals(1, v.flags());
    assertArrayEquals(new byte[] {(byte) 0x80, 2, (byte) 0x88, '.'}, v.bytes());
    assertEquals(Boolean.TRUE, roundTrip(true));
    assertEquals(Boolean.FALSE, roundTrip(false));
  }

  @Test
  void doublesAndNullArePickled() {
    assertEquals(1, codec.encode(1.5).flags());
    assertEquals(1.5, roundTrip(1.5));
    assertEquals(1.5, roundTrip(1.5f));
    assertEquals(Double.NEGATIVE_INFINITY, roundTrip(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN((Double) roundTrip(Double.NaN)));
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) roundTrip(-0.0)));
    CachedValue none = codec.encode(null);
    assertEquals(1, none.flags());
    assertArrayEquals(new byte[] {(byte) 0x80, 2, 'N', '.'}, none.bytes());
    assertNull(roundTrip(null));
  }

  @Test
  void listsMapsSetsAndTuplesKeepTheirShapeNested() {
    Map<Object, Object> value = new LinkedHashMap<>();
    value.put("list", Arrays.asList(1, "a", null, 2.5, new byte[] {1, 2}, List.of()));
    value.put("tuple", PythonTuple.of(1, PythonTuple.of(), PythonTuple.of("x")));
    value.put("set", Set.of(1, 2, 3));
    value.put("nested", Map.of("d", Map.of("e", List.of(Map.of()))));
    value.put(PythonTuple.of(1, 2), "tuple key");
    value.put(7, true);
    value.put(null, BigInteger.TWO.pow(100));
    Object back = roundTrip(value);
    assertEquals(
        "dict{None: bigint:1267650600228229401496703205376, long:7: bool:true, str:'list': list[long:1, str:'a', None, float:2.5, bytes:0102, list[]],"
            + " str:'nested': dict{str:'d': dict{str:'e': list[dict{}]}}, str:'set': set{long:1, long:2, long:3},"
            + " str:'tuple': tuple(long:1, tuple(), tuple(str:'x')), tuple(long:1, long:2): str:'tuple key'}",
        Shapes.of(back));
  }

  @Test
  void decodedContainersAreOrderedMutableJavaCollectionsAndTuplesAreImmutable() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", 2);
    m.put("m", 3);
    Object back = roundTrip(m);
    assertInstanceOf(LinkedHashMap.class, back);
    assertEquals(
        List.of("z", "a", "m"),
        new ArrayList<>(((Map<?, ?>) back).keySet()),
        "dict order survives, as in Python 3.7+");
    assertInstanceOf(ArrayList.class, roundTrip(List.of(1)));
    assertInstanceOf(LinkedHashSet.class, roundTrip(Set.of(1)));
    PythonTuple t = (PythonTuple) roundTrip(PythonTuple.of(1, 2));
    assertThrows(UnsupportedOperationException.class, () -> t.add(3));
    assertEquals("(1, 2)", t.toString());
    assertEquals("(1,)", PythonTuple.of(1).toString());
  }

  @Test
  void sharedSubValuesArePickledOnceAndStayShared() {
    List<Object> shared = new ArrayList<>(List.of("same"));
    List<?> back = (List<?>) roundTrip(List.of(shared, shared));
    assertTrue(back.get(0) == back.get(1), "memo reference kept, as Python would");
  }

  @Test
  void unsupportedTypesAreRefusedBeforeAnythingIsSent() {
    record Point(int x, int y) {}
    var e = assertThrows(IllegalArgumentException.class, () -> codec.encode(new Point(1, 2)));
    assertTrue(e.getMessage().contains("Point"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> codec.encode(List.of(new java.util.Date())));
    assertThrows(
        IllegalArgumentException.class, () -> codec.encode(new java.math.BigDecimal("1.5")));
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[] {1}));
  }

  @Test
  void valuesPythonCouldNotUnpickleAreRefused() {
    List<Object> self = new ArrayList<>();
    self.add(self);
    assertThrows(
        IllegalArgumentException.class, () -> codec.encode(self), "a list that contains itself");
    assertThrows(
        IllegalArgumentException.class,
        () -> codec.encode(Map.of(List.of(1), "x")),
        "list as a dict key");
    assertThrows(
        IllegalArgumentException.class, () -> codec.encode(Set.of(Set.of(1))), "set inside a set");
    Object deep = 1;
    for (int i = 0; i < 600; i++) deep = List.of(deep);
    Object tooDeep = deep;
    assertThrows(IllegalArgumentException.class, () -> codec.encode(tooDeep));
  }

  @Test
  void builderValidatesAndCopies() {
    PythonValueCodec c =
        PythonValueCodec.builder()
            .compressionThreshold(100)
            .compression(PythonValueCodec.Compression.LZ4)
            .zlibLevel(9)
            .maxDecompressedSize(1000)
            .build();
    PythonValueCodec copy = c.toBuilder().build();
    assertEquals(c.toString(), copy.toString());
    assertEquals(100, copy.compressionThreshold());
    assertEquals(PythonValueCodec.Compression.LZ4, copy.compression());
    assertEquals(
        0,
        PythonValueCodec.DEFAULT.compressionThreshold(),
        "compression is off by default, as in the Python clients");
    assertThrows(
        IllegalArgumentException.class, () -> PythonValueCodec.builder().compressionThreshold(-1));
    assertThrows(IllegalArgumentException.class, () -> PythonValueCodec.builder().zlibLevel(10));
    assertThrows(
        IllegalArgumentException.class, () -> PythonValueCodec.builder().maxDecompressedSize(0));
  }
}
