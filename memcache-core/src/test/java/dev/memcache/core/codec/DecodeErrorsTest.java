package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Bytes that do not match their flags, and flags no Python client writes, fail with a {@link
 * MemcacheDecodeException} naming the key and the flags: never a crash, never a wrong value.
 */
class DecodeErrorsTest {
  final PythonValueCodec codec = PythonValueCodec.DEFAULT;

  String failure(int flags, byte[] bytes) {
    var e =
        assertThrows(MemcacheDecodeException.class, () -> codec.decode("user:42", flags, bytes));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cannot decode key 'user:42' with flags " + Integer.toUnsignedString(flags) + " ("),
        e.getMessage());
    return e.getMessage();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void truncatedPickleIsAClearError() {
    byte[] whole = codec.encode(java.util.List.of("abc", 1, 2)).bytes();
    for (int cut = 0; cut < whole.length; cut++) {
      String m = failure(1, Arrays.copyOf(whole, cut));
      assertTrue(m.contains("truncated") || m.contains("not a valid pickle"), m);
    }
  }

  @Test
  void invalidUtf8UnderFlag16IsAnErrorNotReplacementCharacters() {
    assertTrue(failure(16, new byte[] {'o', 'k', (byte) 0xff}).contains("not valid UTF-8"));
    assertTrue(
        failure(16, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}).contains("not valid UTF-8"),
        "an encoded surrogate");
  }

  @Test
  void textThatHoldsTheReplacementCharacterItselfIsReadButMalformedBytesBesideItAreNot() {
    byte[] replacement = "ok \uFFFD é ✓".getBytes(StandardCharsets.UTF_8);
    assertEquals("ok \uFFFD é ✓", codec.decode("k", 16, replacement));
    assertEquals("plain ascii {\"a\":1}", codec.decode("k", 16, ascii("plain ascii {\"a\":1}")));
    byte[] both = Arrays.copyOf(replacement, replacement.length + 1);
    both[replacement.length] = (byte) 0xc3; // a truncated two-byte sequence
    assertTrue(failure(16, both).contains("not valid UTF-8"));
  }

  @Test
  void garbageUnderFlag2Or4IsAnError() {
    assertTrue(failure(2, ascii("12abc")).contains("not a decimal integer: '12abc'"));
    failure(2, new byte[0]);
    failure(4, ascii("1.5"));
    assertTrue(
        failure(2, ascii("9".repeat(5000))).contains("4300-digit limit"),
        "quadratic parsing refused, as Python does");
  }

  @Test
  void badZlibStreamUnderFlag8IsAnError() {
    assertTrue(failure(8, ascii("not zlib at all")).contains("not a zlib stream"));
    byte[] z =
        codec.toBuilder().compressionThreshold(1).build().encode("hello hello hello hello").bytes();
    byte[] corrupt = z.clone();
    corrupt[5] ^= 0x55;
    String m = failure(24, corrupt);
    assertTrue(m.contains("zlib"), m);
    assertTrue(failure(24, Arrays.copyOf(z, z.length - 3)).contains("zlib"));
    byte[] trailing = Arrays.copyOf(z, z.length + 2);
    assertTrue(failure(24, trailing).contains("follow the end of the zlib stream"));
  }

  @Test
  void flagsWithoutATypeBitAreErrorsNamingTheFlags() {
    assertTrue(failure(64, ascii("abc")).contains("(0x40)"));
    assertTrue(failure(0x100, ascii("abc")).contains("spymemcached"));
    failure(0x80000000, ascii("abc"));
    failure(8 | 32, ascii("abc"));
    failure(8 | 0x200, ascii("abc"));
  }

  @Test
  void severalTypeBitsAndUnknownBitsReadAsPythonMemcachedReadsThem() {
    assertEquals(12L, codec.decode("k", 3, ascii("12")), "integer before pickle");
    assertEquals(12L, codec.decode("k", 6, ascii("12")), "integer before long");
    assertEquals("abc", codec.decode("k", 17, ascii("abc")), "text first");
    assertEquals("abc", codec.decode("k", 32 | 16, ascii("abc")), "32 with a type bit is not LZ4");
    assertEquals("hello", codec.decode("k", 16 | 0x100, ascii("hello")));
    assertEquals(1000L, codec.decode("k", 2, ascii("1_000")));
    assertTrue(failure(3, ascii("1__0")).contains("(PICKLE|INTEGER)"));
  }

  @Test
  void javaSerializedValuesUnderOtherJvmClientsFlagsAreNeverDeserialized() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new java.util.ArrayList<>(java.util.List.of("x")));
    }
    byte[] serialized = bytes.toByteArray();
    // spymemcached and Xmemcached: flag 1 = Java serialization, which collides with Python's pickle
    // flag
    assertTrue(failure(1, serialized).contains("looks like Java serialization"));
    failure(3, serialized);
  }

  @Test
  void gzipFromOtherJvmClientsIsAnErrorNotAValue() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write("compressed by spymemcached".getBytes(StandardCharsets.UTF_8));
    }
    byte[] gzip = bytes.toByteArray();
    assertTrue(
        failure(2, gzip).contains("looks like gzip"),
        "spymemcached's COMPRESSED is 2, Python's INTEGER");
    assertTrue(failure(8, gzip).contains("looks like gzip"));
    assertTrue(failure(16 | 8, gzip).contains("not a zlib stream"));
  }

  @Test
  void emptyPayloadsDecodePerTheirFlags() {
    assertEquals(0, ((byte[]) codec.decode("k", 0, new byte[0])).length);
    assertEquals("", codec.decode("k", 16, new byte[0]));
    assertTrue(failure(1, new byte[0]).contains("truncated"));
    assertTrue(failure(8, new byte[0]).contains("not a zlib stream"));
    assertTrue(failure(32, new byte[0]).contains("LZ4"));
  }
}
