package dev.memcache.java;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user's Jackson codec looks like, without Jackson: one record type as a flat JSON object
 * (string, int, long and boolean components), under its own flag bit so other codecs' values are
 * refused rather than misread.
 */
final class JsonRecordCodec<T extends Record> implements ValueCodec {
  /** Bit 6: clear of the Python clients' bits (0-4) and of LZ4 (5). */
  static final int JSON = 1 << 6;

  private static final Pattern FIELD =
      Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[-\\w]+)");

  private final Class<T> type;

  JsonRecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public CachedValue encode(Object value) {
    if (!type.isInstance(value))
      throw new IllegalArgumentException(
          "this codec stores " + type.getSimpleName() + ", not " + value);
    StringBuilder json = new StringBuilder("{");
    for (RecordComponent c : type.getRecordComponents()) {
      Object v = read(c, value);
      if (json.length() > 1) json.append(',');
      json.append('"').append(c.getName()).append("\":");
      if (v instanceof String s)
        json.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      else json.append(v);
    }
    return new CachedValue(JSON, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public T decode(String key, int flags, byte[] bytes) {
    if (flags != JSON)
      throw new MemcacheDecodeException(
          "key '" + key + "' has flags " + flags + ", not JSON (" + JSON + ")");
    Map<String, String> fields = new HashMap<>();
    Matcher m = FIELD.matcher(new String(bytes, StandardCharsets.UTF_8));
    while (m.find())
      fields.put(
          m.group(1), m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2));
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      String raw = fields.get(components[i].getName());
      if (raw == null)
        throw new MemcacheDecodeException(
            "key '" + key + "': JSON has no " + components[i].getName());
      args[i] =
          switch (types[i].getName()) {
            case "int" -> Integer.parseInt(raw);
            case "long" -> Long.parseLong(raw);
            case "boolean" -> Boolean.parseBoolean(raw);
            default -> raw;
          };
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new MemcacheDecodeException(
          "key '" + key + "': cannot build " + type.getSimpleName(), e);
    }
  }

  private static Object read(RecordComponent c, Object value) {
    try {
      return c.getAccessor().invoke(value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
