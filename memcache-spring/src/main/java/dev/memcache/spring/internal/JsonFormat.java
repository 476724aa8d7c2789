package dev.memcache.spring.internal;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.Flags;
import dev.memcache.java.MemcacheClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * JSON values through Jackson 3, stored as UTF-8 text under flags 16 as memcache-java's {@code
 * json()} view and the Kotlin client write them; read as the cache's type, or the type a caller
 * asks for. The only class of this module that loads Jackson.
 */
public final class JsonFormat implements ValueFormat {
  private final ObjectMapper mapper;
  private final Class<?> type;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  /**
   * @param client the client, whose {@code json()} mapper is the default
   * @param mapper the mapper, or null for the client's
   * @param type the type values are read as
   */
  public JsonFormat(MemcacheClient client, Object mapper, Class<?> type) {
    this.mapper = mapper != null ? (ObjectMapper) mapper : client.json().mapper();
    this.type = type;
    // As Object, the root gets a type id when the mapper has default typing, so it reads back as
    // Object; any other type is written as the value's own class, so no subclass property is lost.
    this.writer = type == Object.class ? this.mapper.writerFor(Object.class) : this.mapper.writer();
    this.reader = this.mapper.readerFor(type);
  }

  @Override
  public CachedValue encode(Object value) {
    try {
      return new CachedValue(Flags.TEXT, writer.writeValueAsBytes(value));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public Object decode(String key, CachedValue stored, Class<?> asked) {
    if (ValueFormat.isNullMarker(stored)) return null;
    if (stored.flags() != Flags.TEXT && stored.flags() != Flags.BYTES)
      throw new MemcacheDecodeException(
          "'" + key + "' holds flags " + stored.flags() + ", not JSON text (flags 16)");
    Class<?> target = asked == null ? type : asked;
    try {
      return target == type
          ? reader.readValue(stored.bytes())
          : mapper.readValue(stored.bytes(), target);
    } catch (JacksonException e) {
      throw new MemcacheDecodeException(
          "'" + key + "' is not JSON for " + target.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JSON as " + type.getName();
  }
}
