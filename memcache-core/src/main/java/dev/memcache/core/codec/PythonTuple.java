package dev.memcache.core.codec;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;

/**
 * An immutable Python {@code tuple}. {@link PythonValueCodec} reads pickled tuples as this type and
 * writes it back as a tuple, so a value keeps its shape on a round trip through the JVM (a plain
 * {@link java.util.List} is written as a Python {@code list}).
 *
 * <p>It is a {@link java.util.List} and equal to any list with the same elements, as the {@code
 * List} contract requires. Elements may be {@code null} (Python's {@code None}).
 */
public final class PythonTuple extends AbstractList<Object> implements RandomAccess {
  private static final PythonTuple EMPTY = new PythonTuple(new Object[0]);

  private final Object[] items;
  private int
      hash; // cached like String's: tuples are dict keys, and nested keys would rehash often
  private boolean hashIsZero;

  private PythonTuple(Object[] items) {
    this.items = items;
  }

  /**
   * A tuple of {@code items}, copied.
   *
   * @param items the elements
   * @return the tuple
   */
  public static PythonTuple of(Object... items) {
    return items.length == 0 ? EMPTY : new PythonTuple(items.clone());
  }

  /**
   * A tuple of the elements of {@code items}, in iteration order.
   *
   * @param items the elements
   * @return the tuple ({@code items} itself when it is a tuple)
   */
  public static PythonTuple copyOf(Collection<?> items) {
    if (items instanceof PythonTuple t) return t;
    return items.isEmpty() ? EMPTY : new PythonTuple(items.toArray());
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }

  @Override
  public Object[] toArray() {
    return items.clone();
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && !hashIsZero) {
      h = Arrays.asList(items).hashCode();
      if (h == 0) hashIsZero = true;
      else hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (o instanceof PythonTuple t && t.hashCode() != hashCode()) return false;
    return super.equals(o);
  }

  /** Python's notation: {@code (1, 'a')}, {@code (1,)}, {@code ()}. */
  @Override
  public String toString() {
    if (items.length == 1) return "(" + items[0] + ",)";
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < items.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(items[i] == this ? "(this tuple)" : items[i]);
    }
    return sb.append(')').toString();
  }
}
