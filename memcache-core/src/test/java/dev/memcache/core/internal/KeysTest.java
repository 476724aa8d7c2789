package dev.memcache.core.internal;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Wire keys: one char per byte sent, the caller's own string for the usual ASCII key. */
class KeysTest {
  private static final String UNICODE = "пользователь:é:\u20ac:\uD83D\uDE00";

  @Test
  void anAsciiKeyWithoutPrefixIsTheCallersOwnStringInEveryProtocol() {
    String key = "user:12345:profile";
    for (Protocol p : Protocol.values()) assertSame(key, Keys.encode("", key, p), p.name());
    assertSame(key, Keys.encode("", key));
    String spaced = "a b"; // binary and meta allow it; still ASCII, so still the caller's own
    assertSame(spaced, Keys.encode("", spaced, Protocol.BINARY));
    assertSame(spaced, Keys.encode("", spaced, Protocol.META));
  }

  @Test
  void aPrefixedKeyIsPrefixThenKey() {
    String wire = Keys.encode("app:", "user:1", Protocol.TEXT);
    assertEquals("app:user:1", wire);
    assertArrayEquals("app:user:1".getBytes(StandardCharsets.US_ASCII), Keys.bytes(wire));
  }

  @Test
  void aUnicodeKeyCarriesItsUtf8BytesOneCharEach() {
    for (Protocol p : Protocol.values()) {
      String wire = Keys.encode("pre:", UNICODE, p);
      byte[] utf8 = ("pre:" + UNICODE).getBytes(StandardCharsets.UTF_8);
      assertEquals(utf8.length, wire.length(), p.name());
      assertArrayEquals(utf8, Keys.bytes(wire), p.name());
      for (int i = 0; i < wire.length(); i++) assertTrue(wire.charAt(i) <= 0xff);
      assertEquals("'pre:" + UNICODE + "'", Keys.showWire(wire));
    }
  }

  @Test
  void putCopiesTheWireBytesIntoHeapAndDirectBuffersAtTheirPosition() {
    String wire = Keys.encode("", UNICODE, Protocol.TEXT);
    byte[] utf8 = UNICODE.getBytes(StandardCharsets.UTF_8);
    for (ByteBuffer out :
        new ByteBuffer[] {ByteBuffer.allocate(128), ByteBuffer.allocateDirect(128)}) {
      out.put((byte) '<');
      Keys.put(out, wire);
      out.put((byte) '>');
      assertEquals(utf8.length + 2, out.position());
      byte[] written = new byte[out.position()];
      out.flip().get(written);
      assertEquals('<', written[0]);
      assertEquals('>', written[written.length - 1]);
      assertArrayEquals(utf8, java.util.Arrays.copyOfRange(written, 1, written.length - 1));
    }
    ByteBuffer slice = ByteBuffer.allocate(16).position(4).slice(); // array offset 4
    Keys.put(slice, "abc");
    assertEquals(3, slice.position());
    assertEquals('a', slice.get(0));
    assertEquals('c', slice.get(2));
  }

  @Test
  void matchesComparesAByteRangeOfAReply() {
    String wire = Keys.encode("", UNICODE, Protocol.TEXT);
    byte[] utf8 = UNICODE.getBytes(StandardCharsets.UTF_8);
    byte[] reply = new byte[utf8.length + 10];
    System.arraycopy(utf8, 0, reply, 6, utf8.length);
    assertTrue(Keys.matches(reply, 6, 6 + utf8.length, wire));
    assertFalse(Keys.matches(reply, 6, 5 + utf8.length, wire), "shorter range");
    assertFalse(Keys.matches(reply, 5, 6 + utf8.length, wire), "longer range");
    reply[6 + utf8.length - 1] ^= 1;
    assertFalse(Keys.matches(reply, 6, 6 + utf8.length, wire), "last byte differs");
    byte[] ascii = "VALUE k1 0 1".getBytes(StandardCharsets.US_ASCII);
    assertTrue(Keys.matches(ascii, 6, 8, "k1"));
    assertFalse(Keys.matches(ascii, 6, 8, "k2"));
  }

  @Test
  void onlyWhitespaceAndControlBytesNeedBase64NotUtf8Bytes() {
    assertFalse(Keys.needsBase64(Keys.encode("", UNICODE, Protocol.META)));
    assertTrue(Keys.needsBase64(Keys.encode("", "a b", Protocol.META)));
    assertTrue(Keys.needsBase64(Keys.encode("", "a\u007fb", Protocol.META)));
    assertTrue(Keys.needsBase64(Keys.encode("", "é\tb", Protocol.META)));
  }

  @Test
  void metaSendsAUnicodeKeyWithASpaceAsTheBase64OfItsUtf8Bytes() {
    String key = "é \u20ac";
    String wire = Keys.encode("", key, Protocol.META);
    Get<Void> get = Get.of(wire, key, Long.MAX_VALUE, r -> null);
    MetaCodec codec = new MetaCodec();
    ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(get));
    codec.encode(get, out);
    String b64 = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "mg " + b64 + " b v f O" + get.opaque + "\r\n",
        new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void textWritesAUnicodeKeysUtf8Bytes() {
    String wire = Keys.encode("p:", UNICODE);
    Get<Void> get = Get.of(wire, UNICODE, Long.MAX_VALUE, r -> null);
    TextCodec codec = new TextCodec();
    ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(get));
    codec.encode(get, out);
    assertEquals(
        "get p:" + UNICODE + "\r\n",
        new String(out.array(), 0, out.position(), StandardCharsets.UTF_8));
  }

  @Test
  void invalidKeysAreRefusedWithTheRuleAndTheKey() {
    InvalidKeyException e =
        assertThrows(InvalidKeyException.class, () -> Keys.encode("", "a b", Protocol.TEXT));
    assertEquals(
        "key 'a b' contains a space; keys must not hold whitespace or control characters",
        e.getMessage());
    e = assertThrows(InvalidKeyException.class, () -> Keys.encode("", "a\u0001b"));
    assertEquals(
        "key 'a\\x01b' contains control character 0x01; keys must not hold whitespace or control"
            + " characters",
        e.getMessage());
    String long125 = "é".repeat(126); // 252 bytes in UTF-8 although 126 chars
    e = assertThrows(InvalidKeyException.class, () -> Keys.encode("", long125, Protocol.BINARY));
    assertTrue(e.getMessage().contains("is 252 bytes in UTF-8; at most 250"), e.getMessage());
    e = assertThrows(InvalidKeyException.class, () -> Keys.encode("p:", "x".repeat(249)));
    assertTrue(e.getMessage().contains("is 251 bytes in UTF-8 with its prefix"), e.getMessage());
    e =
        assertThrows(
            InvalidKeyException.class, () -> Keys.encode("", " ".repeat(187), Protocol.META));
    assertTrue(e.getMessage().contains("at most 186 are allowed"), e.getMessage());
    assertEquals(186, Keys.encode("", " ".repeat(186), Protocol.META).length());
    assertThrows(InvalidKeyException.class, () -> Keys.encode("", "", Protocol.META));
    assertThrows(InvalidKeyException.class, () -> Keys.encode("", null, Protocol.BINARY));
  }
}
