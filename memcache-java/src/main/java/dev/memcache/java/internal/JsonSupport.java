package dev.memcache.java.internal;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.internal.JsonText;
import dev.memcache.java.AsyncJsonCommands;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
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
 * JSON values through Jackson: encoded to a {@code String}, which the value codec stores as UTF-8
 * under flags 16, so Python clients read a {@code str}; decoded from that text or raw UTF-8 bytes.
 * What is not Jackson's (which codecs may store JSON, what counts as JSON text) is the core's
 * {@link JsonText}, shared with the Kotlin client's JsonValues. The clients reach this class only
 * from their {@code json()} methods, so Jackson is loaded only when JSON is used.
 */
public final class JsonSupport {
  /** Ignores unknown properties, as the Kotlin client's default Json ignores unknown keys. */
  private static final ObjectMapper DEFAULT_MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final ObjectMapper mapper;

  /** The rules of JSON as text, shared with the Kotlin client. */
  private final JsonText text;

  JsonSupport(ObjectMapper mapper, ValueCodec codec) {
    this(mapper, new JsonText(codec));
  }

  private JsonSupport(ObjectMapper mapper, JsonText text) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.text = text;
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
    return new JsonSupport(other, text);
  }

  /** The JSON text of {@code value}, once the codec is known to store it as text. */
  String encode(String key, Object value) {
    text.checkWritable(key);
    try {
      return mapper.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "cannot write JSON for key '" + key + "': " + e.getOriginalMessage(), e);
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
    String json = JsonText.of(key, stored);
    if (json == null) {
      return null;
    }
    try {
      return read.apply(json);
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
}
