package dev.memcache.core.internal;

import dev.memcache.core.ValueTypeException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rules of every typed read ({@code get(key, type)}, {@code getEntry(key, type)}, {@code
 * getMulti(keys, type)}, in the Java and Kotlin clients), in one place:
 *
 * <ul>
 *   <li>{@code null} (a miss, or a stored Python {@code None}) stays {@code null};
 *   <li>a value that is an instance of the type is returned as is ({@code Object.class} takes
 *       anything);
 *   <li>an integer ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code BigInteger}:
 *       the codec reads a Python {@code int} as {@code Long}, or {@code BigInteger} beyond 64 bits)
 *       asked for as {@code Byte}, {@code Short}, {@code Integer}, {@code Long} or {@code
 *       BigInteger} is converted when it fits, and is a {@link ValueTypeException} when it does
 *       not;
 *   <li>anything else is a {@link ValueTypeException} naming the key, the stored type and the
 *       requested type. No other conversion happens: a {@code Boolean} is not an integer, an
 *       integer is not a {@code Double}, bytes are not a {@code String}.
 * </ul>
 *
 * A primitive class ({@code int.class}) means its wrapper.
 */
public final class ValueTypes {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ValueTypes() {}

  /** {@code value}, read under {@code key}, as {@code type}; see the class comment. */
  public static <T> T as(String key, Object value, Class<T> type) {
    if (value == null) return null;
    Class<T> wrapper = wrap(type);
    if (wrapper.isInstance(value)) return wrapper.cast(value);
    if (isInteger(value) && isIntegerType(wrapper))
      return wrapper.cast(integer(key, value, wrapper));
    throw new ValueTypeException(
        "key "
            + Keys.show(key)
            + " holds a "
            + value.getClass().getName()
            + ", not a "
            + wrapper.getName(),
        key,
        value.getClass(),
        wrapper);
  }

  /** Every value of {@code values} as {@code type}, in the same order; null values stay null. */
  public static <T> Map<String, T> all(Map<String, Object> values, Class<T> type) {
    Map<String, T> typed = new LinkedHashMap<>(Math.max(4, values.size() * 4 / 3 + 1));
    for (Map.Entry<String, Object> e : values.entrySet())
      typed.put(e.getKey(), as(e.getKey(), e.getValue(), type));
    return typed;
  }

  private static boolean isInteger(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof BigInteger
        || value instanceof Short
        || value instanceof Byte;
  }

  private static boolean isIntegerType(Class<?> type) {
    return type == Integer.class
        || type == Long.class
        || type == BigInteger.class
        || type == Short.class
        || type == Byte.class;
  }

  private static Object integer(String key, Object value, Class<?> type) {
    if (type == BigInteger.class) {
      return value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
    }
    long v;
    if (value instanceof BigInteger b) {
      if (b.compareTo(LONG_MIN) < 0 || b.compareTo(LONG_MAX) > 0)
        throw outOfRange(key, value, type);
      v = b.longValue();
    } else {
      v = ((Number) value).longValue();
    }
    if (type == Long.class) return v;
    if (type == Integer.class && v == (int) v) return (int) v;
    if (type == Short.class && v == (short) v) return (short) v;
    if (type == Byte.class && v == (byte) v) return (byte) v;
    throw outOfRange(key, value, type);
  }

  private static ValueTypeException outOfRange(String key, Object value, Class<?> type) {
    return new ValueTypeException(
        "key "
            + Keys.show(key)
            + " holds a "
            + value.getClass().getName()
            + " out of the range of "
            + type.getName(),
        key,
        value.getClass(),
        type);
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> wrap(Class<T> type) {
    if (!type.isPrimitive()) return type;
    Class<?> w =
        type == int.class
            ? Integer.class
            : type == long.class
                ? Long.class
                : type == short.class
                    ? Short.class
                    : type == byte.class
                        ? Byte.class
                        : type == boolean.class
                            ? Boolean.class
                            : type == double.class
                                ? Double.class
                                : type == float.class
                                    ? Float.class
                                    : type == char.class ? Character.class : Void.class;
    return (Class<T>) w;
  }
}
