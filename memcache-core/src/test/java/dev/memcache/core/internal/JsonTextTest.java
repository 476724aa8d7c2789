package dev.memcache.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.codec.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JSON-as-text rules both clients share (Jackson in Java, kotlinx in Kotlin), no server. */
class JsonTextTest {

  /** Stores every value as raw bytes (flags 0), counting how often it is asked. */
  private static final class RawCodec implements ValueCodec {
    final AtomicInteger encoded = new AtomicInteger();

    @Override
    public CachedValue encode(Object value) {
      encoded.incrementAndGet();
      return new CachedValue(0, value.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object decode(String key, int flags, byte[] bytes) {
      return bytes;
    }
  }

  @Test
  void jsonIsStoredOnlyThroughACodecThatStoresAStringAsText() {
    new JsonText(PythonValueCodec.DEFAULT).checkWritable("k"); // flags 16: no exception
    RawCodec raw = new RawCodec();
    JsonText json = new JsonText(raw);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> json.checkWritable("user:1"));
    assertEquals(
        "cannot store JSON for key 'user:1': the value codec "
            + RawCodec.class.getName()
            + " does not store a String as text (flags 16)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> json.checkWritable("user:2"));
    assertEquals(1, raw.encoded.get(), "the codec is asked once");
  }

  @Test
  void aCodecThatRefusesStringsCannotStoreJson() {
    ValueCodec refusing =
        new ValueCodec() {
          @Override
          public CachedValue encode(Object value) {
            throw new IllegalArgumentException("no strings here");
          }

          @Override
          public Object decode(String key, int flags, byte[] bytes) {
            return bytes;
          }
        };
    assertThrows(IllegalArgumentException.class, () -> new JsonText(refusing).checkWritable("k"));
  }

  @Test
  void jsonTextIsAStringOrUtf8BytesAndAMissIsNull() {
    assertEquals("{\"a\":1}", JsonText.of("k", "{\"a\":1}"));
    assertEquals("{\"é\":1}", JsonText.of("k", "{\"é\":1}".getBytes(StandardCharsets.UTF_8)));
    assertNull(JsonText.of("k", null));
  }

  @Test
  void anythingElseIsADecodeFailureNamingTheKey() {
    MemcacheDecodeException notUtf8 =
        assertThrows(
            MemcacheDecodeException.class, () -> JsonText.of("k1", new byte[] {'{', (byte) 0xff}));
    assertEquals("key 'k1' holds bytes that are not UTF-8 JSON text", notUtf8.getMessage());
    MemcacheDecodeException number =
        assertThrows(MemcacheDecodeException.class, () -> JsonText.of("k2", 42L));
    assertEquals("key 'k2' holds a java.lang.Long, not JSON text", number.getMessage());
  }
}
