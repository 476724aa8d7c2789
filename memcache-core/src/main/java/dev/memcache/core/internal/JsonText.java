package dev.memcache.core.internal;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.Flags;
import dev.memcache.core.codec.ValueCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * JSON values as text, whatever the JSON library: the rules the Java client's Jackson commands and
 * the Kotlin client's kotlinx-serialization functions share. A JSON value is stored as a {@code
 * String}, which the value codec must store as UTF-8 text (flags 16), so Python clients read a
 * {@code str}; what is read back as JSON is that text or raw UTF-8 bytes. One per value codec.
 */
public final class JsonText {
  private final ValueCodec codec;

  /** Whether the codec stores a {@code String} as text: 0 not known yet, 1 yes, 2 no. */
  private volatile byte storesText;

  public JsonText(ValueCodec codec) {
    this.codec = codec;
  }

  /**
   * Before JSON text is stored under {@code key}: throws {@link IllegalArgumentException} unless
   * the codec stores a {@code String} as text (a custom codec might not, or refuse strings).
   */
  public void checkWritable(String key) {
    if (!storesText()) {
      throw new IllegalArgumentException(
          "cannot store JSON for key '"
              + key
              + "': the value codec "
              + codec.getClass().getName()
              + " does not store a String as text (flags 16)");
    }
  }

  private boolean storesText() {
    byte known = storesText;
    if (known == 0) {
      boolean text;
      try {
        text = (codec.encode("{}").flags() & Flags.TEXT) != 0;
      } catch (IllegalArgumentException e) {
        text = false;
      }
      storesText = known = text ? (byte) 1 : (byte) 2; // the same answer in every race
    }
    return known == 1;
  }

  /**
   * The JSON text of {@code stored}, as the value codec decoded it: a {@code String} as is, bytes
   * as strict UTF-8, {@code null} (a miss) as {@code null}.
   *
   * @throws MemcacheDecodeException naming the key, for bytes that are not UTF-8 or another type
   */
  public static String of(String key, Object stored) {
    return switch (stored) {
      case null -> null;
      case String s -> s;
      case byte[] bytes -> utf8(key, bytes);
      default ->
          throw new MemcacheDecodeException(
              "key '" + key + "' holds a " + stored.getClass().getName() + ", not JSON text");
    };
  }

  private static String utf8(String key, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MemcacheDecodeException(
          "key '" + key + "' holds bytes that are not UTF-8 JSON text", e);
    }
  }
}
