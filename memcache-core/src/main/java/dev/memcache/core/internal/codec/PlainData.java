package dev.memcache.core.internal.codec;

import dev.memcache.core.codec.PythonTuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks that an unpickled value is plain data a Java caller can use safely: only the types {@link
 * RestrictedUnpickler} produces, no container that contains itself (Java's {@code hashCode} and
 * {@code toString} would overflow the stack), and no nesting deeper than the limit. Shared
 * sub-values (pickle memo references) are visited once.
 */
final class PlainData {
  private final int maxDepth;
  private final Map<Object, Integer> heightOfVisited = new IdentityHashMap<>();
  private final Map<Object, Boolean> open = new IdentityHashMap<>();

  private PlainData(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  static void check(Object value, int maxDepth) {
    new PlainData(maxDepth).height(value, 0);
  }

  /** The nesting height of {@code o}, reached at {@code depth}. */
  private int height(Object o, int depth) {
    if (isScalar(o)) return 0;
    if (!(o instanceof ArrayList
        || o instanceof LinkedHashMap
        || o instanceof LinkedHashSet
        || o instanceof PythonTuple
        || o instanceof FrozenSet)) {
      throw new CorruptValueException("pickle holds " + typeName(o) + ", which is not plain data");
    }
    Integer known = heightOfVisited.get(o);
    if (known == null) {
      if (open.put(o, Boolean.TRUE) != null) {
        throw new CorruptValueException(
            "pickle holds a "
                + typeName(o)
                + " that contains itself; self-referencing values are not supported");
      }
      if (depth >= maxDepth) throw tooDeep();
      int h = 0;
      if (o instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet())
          h = Math.max(h, Math.max(height(e.getKey(), depth + 1), height(e.getValue(), depth + 1)));
      } else {
        for (Object x : (Collection<?>) o) h = Math.max(h, height(x, depth + 1));
      }
      known = h + 1;
      open.remove(o);
      heightOfVisited.put(o, known);
    }
    if (depth + known > maxDepth) throw tooDeep();
    return known;
  }

  private CorruptValueException tooDeep() {
    return new CorruptValueException("value is nested deeper than " + maxDepth + " levels");
  }

  static boolean isScalar(Object o) {
    return o == null
        || o instanceof String
        || o instanceof Long
        || o instanceof BigInteger
        || o instanceof Double
        || o instanceof Boolean
        || o instanceof byte[];
  }

  /** The Python name of a decoded value's type, for messages. */
  static String typeName(Object o) {
    if (o == null) return "None";
    if (o instanceof String) return "str";
    if (o instanceof Long || o instanceof BigInteger) return "int";
    if (o instanceof Double) return "float";
    if (o instanceof Boolean) return "bool";
    if (o instanceof byte[]) return "bytes";
    if (o instanceof PythonTuple) return "tuple";
    if (o instanceof FrozenSet) return "frozenset";
    if (o instanceof List) return "list";
    if (o instanceof Map) return "dict";
    if (o instanceof LinkedHashSet) return "set";
    if (o instanceof PickleGlobal g)
      return "the global " + g.name().toLowerCase(java.util.Locale.ROOT) + " (never called)";
    return "a " + o.getClass().getName();
  }

  static String typeNames(List<?> items) {
    return items.stream().map(PlainData::typeName).toList().toString();
  }
}
