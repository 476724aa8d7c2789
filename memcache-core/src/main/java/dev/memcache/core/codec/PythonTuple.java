package dev.memcache.core.codec;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.RandomAccess;
import java.util.Set;

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

  /**
   * Equal to any {@link java.util.List} with equal elements. Two tuples are compared element by
   * element, and a pair of nested tuples found equal once is not compared again: tuples that share
   * sub-tuples (as pickles may, through their memo) compare in time linear in their sizes, not once
   * per path through them.
   */
  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof PythonTuple t)) return super.equals(o);
    return sameItems(this, t, null);
  }

  /** {@code equal} is null until nested tuples are compared, so flat tuples compare for free. */
  private static boolean sameItems(PythonTuple a, PythonTuple b, EqualPairs equal) {
    if (a.items.length != b.items.length || a.hashCode() != b.hashCode()) return false;
    for (int i = 0; i < a.items.length; i++) {
      Object x = a.items[i];
      Object y = b.items[i];
      if (x == y) continue;
      if (x instanceof PythonTuple tx && y instanceof PythonTuple ty) {
        if (equal == null) equal = new EqualPairs();
        else if (equal.contains(tx, ty)) continue;
        if (!sameItems(tx, ty, equal)) return false;
        equal.add(tx, ty);
      } else if (x == null || !x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  /** Pairs of nested tuples found equal during one comparison; empty until there are some. */
  private static final class EqualPairs {
    private Set<Pair> pairs;

    boolean contains(PythonTuple a, PythonTuple b) {
      return pairs != null && pairs.contains(new Pair(a, b));
    }

    void add(PythonTuple a, PythonTuple b) {
      if (pairs == null) pairs = new HashSet<>();
      pairs.add(new Pair(a, b));
    }
  }

  /** Two tuples, compared by identity. */
  private record Pair(PythonTuple a, PythonTuple b) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pair p && p.a == a && p.b == b;
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(a) + System.identityHashCode(b);
    }
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
