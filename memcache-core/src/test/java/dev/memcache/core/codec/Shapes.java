package dev.memcache.core.codec;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A decoded value written out with its types ({@code dict{str:'a': long:1}}), so tests compare type
 * and value at once, {@code byte[]} by content, and dicts and sets in any order.
 */
public final class Shapes {
  private Shapes() {}

  public static String of(Object o) {
    if (o == null) return "None";
    if (o instanceof Boolean b) return "bool:" + b;
    if (o instanceof Long l) return "long:" + l;
    if (o instanceof BigInteger b) return "bigint:" + b;
    if (o instanceof Double d) return "float:" + d;
    if (o instanceof String s) return "str:'" + s + "'";
    if (o instanceof byte[] b) return "bytes:" + HexFormat.of().formatHex(b);
    if (o instanceof PythonTuple t) return "tuple(" + join(t.stream().map(Shapes::of), false) + ")";
    if (o instanceof List<?> l) return "list[" + join(l.stream().map(Shapes::of), false) + "]";
    if (o instanceof Set<?> s) return "set{" + join(s.stream().map(Shapes::of), true) + "}";
    if (o instanceof Map<?, ?> m)
      return "dict{"
          + join(m.entrySet().stream().map(e -> of(e.getKey()) + ": " + of(e.getValue())), true)
          + "}";
    return o.getClass().getName() + ":" + o;
  }

  private static String join(Stream<String> items, boolean sorted) {
    return String.join(", ", sorted ? items.sorted().toList() : items.toList());
  }
}
