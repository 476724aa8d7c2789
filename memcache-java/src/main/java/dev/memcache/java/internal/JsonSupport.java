package dev.memcache.java.internal;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.Flags;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.java.AsyncJsonCommands;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON values as text, as the Kotlin client's JsonValues: encoded to a {@code String}, which the
 * value codec stores as UTF-8 under flags 16, so Python clients read a {@code str}. Decoding
 * accepts that text or raw UTF-8 bytes. The clients reach this class only from their {@code json()}
 * methods, so Jackson is loaded only when JSON is used.
 */
public final class JsonSupport {
  /** Ignores unknown properties, as the Kotlin client's default Json ignores unknown keys. */
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final ObjectMapper mapper;
  private final ValueCodec codec;

  /** Whether the codec stores a {@code String} as text (flags 16): decided once per codec. */
  private final boolean storesText;

  JsonSupport(ObjectMapper mapper, ValueCodec codec) {
    this(mapper, codec, storesText(codec));
  }

  private JsonSupport(ObjectMapper mapper, ValueCodec codec, boolean storesText) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.codec = codec;
    this.storesText = storesText;
  }

  /** The JSON view of {@code client}, with the default mapper. */
  public static JsonCommands view(MemcacheClient client) {
    return new RealJsonCommands(client, new JsonSupport(DEFAULT_MAPPER, codec(client)));
  }

  /** The future JSON view of {@code client}, with the default mapper. */
  public static AsyncJsonCommands view(MemcacheAsyncClient async, MemcacheClient client) {
    return new RealAsyncJsonCommands(async, new JsonSupport(DEFAULT_MAPPER, codec(client)));
  }

  private static ValueCodec codec(MemcacheClient client) {
    return client.config().valueCodec();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  JsonSupport withMapper(ObjectMapper other) {
    return new JsonSupport(other, codec, storesText);
  }

  /** The JSON text of {@code value}, once the codec is known to store it as text. */
  String encode(String key, Object value) {
    if (!storesText) {
      throw new IllegalArgumentException(
          "cannot store JSON for key '"
              + key
              + "': the value codec "
              + codec.getClass().getName()
              + " does not store a String as text (flags 16)");
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "cannot write JSON for key '" + key + "': " + e.getOriginalMessage(), e);
    }
  }

  private static boolean storesText(ValueCodec codec) {
    try {
      return (codec.encode("{}").flags() & Flags.TEXT) != 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code stored} read as JSON of {@code type}; {@code null} for a miss. */
  <T> T decode(String key, Object stored, Class<T> type) {
    return decode(key, stored, text -> mapper.readValue(text, type), type.getName());
  }

  /** {@code stored} read as JSON of {@code type}; {@code null} for a miss. */
  <T> T decode(String key, Object stored, TypeReference<T> type) {
    return decode(key, stored, text -> mapper.readValue(text, type), type.getType().toString());
  }

  private <T> T decode(String key, Object stored, Function<String, T> read, String typeName) {
    String text =
        switch (stored) {
          case null -> null;
          case String s -> s;
          case byte[] bytes -> utf8(key, bytes);
          default ->
              throw new MemcacheDecodeException(
                  "key '" + key + "' holds a " + stored.getClass().getName() + ", not JSON text");
        };
    if (text == null) {
      return null;
    }
    try {
      return read.apply(text);
    } catch (JacksonException e) {
      throw new MemcacheDecodeException(
          "key '" + key + "' is not JSON for " + typeName + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The {@code update} function over JSON text for {@code transform}, reading {@code type}. */
  <T> JsonUpdate<T> update(String key, Class<T> type, UnaryOperator<T> transform) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transform, "transform");
    return new JsonUpdate<>(this, key, stored -> decode(key, stored, type), transform);
  }

  /** The {@code update} function over JSON text for {@code transform}, reading {@code type}. */
  <T> JsonUpdate<T> update(String key, TypeReference<T> type, UnaryOperator<T> transform) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(transform, "transform");
    return new JsonUpdate<>(this, key, stored -> decode(key, stored, type), transform);
  }

  <T> Map<String, T> decodeAll(Map<String, Object> stored, Class<T> type) {
    Map<String, T> values = new LinkedHashMap<>();
    stored.forEach((key, value) -> values.put(key, decode(key, value, type)));
    return values;
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
