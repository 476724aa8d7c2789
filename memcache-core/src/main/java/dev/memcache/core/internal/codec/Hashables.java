package dev.memcache.core.internal.codec;

import dev.memcache.core.codec.PythonTuple;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The hashable values of one pickle (scalars, and tuples and frozensets of hashables), made
 * canonical as they are built: a tuple or frozenset equal to one built before is replaced by that
 * one. Equal dict keys and set members are then the same object, so comparing them never walks
 * their structure (two tuple chains {@code t(i+1) = (ti, ti)} that share their halves compare as
 * trees of 2^depth leaves otherwise), and each is hashed once.
 *
 * <p>Each value gets an id, and a tuple or frozenset is looked up by its kind and its elements'
 * ids. Those keys and every scalar map's keys are {@link Comparable}, so even hash codes chosen to
 * collide cost O(log n) per lookup: the work is O(n log n) in the pickle's size.
 *
 * <p>The dicts, sets and frozensets handed to the caller are {@code java.util} hash tables, where
 * keys with one hash code that are not mutually comparable (tuples; or strings mixed with ints)
 * cost one comparison per such key already present, on every insert: a pickle of n keys chosen to
 * collide would cost n^2/2. Those comparisons are counted, and a pickle that needs more than {@link
 * #COMPARISONS_PER_BYTE} per byte of its size fails (ordinary data needs well under one).
 */
final class Hashables {
  /** A canonical value's id and nesting depth (0 for scalars). */
  private record Node(int id, int depth) {}

  /** A tuple's element ids in order, or a frozenset's sorted distinct ids. */
  private record Shape(boolean set, int[] ids) implements Comparable<Shape> {
    @Override
    public boolean equals(Object o) {
      return o instanceof Shape s && s.set == set && Arrays.equals(s.ids, ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids) * 2 + (set ? 1 : 0);
    }

    @Override
    public int compareTo(Shape o) {
      int c = Boolean.compare(set, o.set);
      return c != 0 ? c : Arrays.compare(ids, o.ids);
    }
  }

  private static final Node NONE = new Node(0, 0);

  /** Hash-table comparisons a pickle may cost per byte of its size. */
  static final int COMPARISONS_PER_BYTE = 4;

  private final int maxDepth;
  private final long comparisonBudget;
  private long comparisons;

  /**
   * Per dict, set or frozenset of {@link #SMALL} keys or more, how many of its keys have each hash
   * code. Smaller ones are charged their size, an upper bound, without counting.
   */
  private final Map<Object, Map<Integer, Integer>> hashCounts = new IdentityHashMap<>();

  private static final int SMALL = 8;
  private Object lastContainer;
  private Map<Integer, Integer> lastCounts;

  /** Canonical tuples and frozensets, and every {@code byte[]} (equal by identity in Java). */
  private final Map<Object, Node> byIdentity = new IdentityHashMap<>();

  /** One map per scalar class, so that every map's keys compare with each other. */
  private final Map<Class<?>, Map<Object, Node>> scalars = new HashMap<>();

  private final Map<Shape, Object> canonical = new HashMap<>();
  private int nextId = 1;

  Hashables(int maxDepth, int pickleLength) {
    this.maxDepth = maxDepth;
    this.comparisonBudget = 65_536 + (long) COMPARISONS_PER_BYTE * pickleLength;
  }

  /**
   * Adds {@code key} to {@code container}, whose keys are {@code keys}, with {@code insert} (which
   * says whether the key was new), after checking that it is hashable and that the comparisons the
   * hash table makes stay within the budget.
   */
  void add(Object container, Collection<?> keys, Object key, BooleanSupplier insert) {
    requireHashable(key);
    int size = keys.size();
    if (size < SMALL) {
      charge(size);
      insert.getAsBoolean();
      return;
    }
    Map<Integer, Integer> counts = counts(container, keys);
    int hash = Objects.hashCode(key);
    int sameHash = counts.getOrDefault(hash, 0);
    charge(sameHash);
    if (insert.getAsBoolean()) counts.put(hash, sameHash + 1);
  }

  private Map<Integer, Integer> counts(Object container, Collection<?> keys) {
    if (container != lastContainer) {
      lastCounts =
          hashCounts.computeIfAbsent(
              container,
              c -> {
                Map<Integer, Integer> m = new HashMap<>();
                for (Object x : keys) m.merge(Objects.hashCode(x), 1, Integer::sum);
                return m;
              });
      lastContainer = container;
    }
    return lastCounts;
  }

  private void charge(int n) {
    comparisons += n;
    if (comparisons > comparisonBudget)
      throw new CorruptValueException(
          "too many dict keys or set members share a hash code (over "
              + comparisonBudget
              + " comparisons for a pickle of this size): the pickle looks crafted to make"
              + " hashing quadratic");
  }

  /**
   * {@code t}, or the equal tuple built before it when all its elements are hashable. A tuple that
   * holds a list, dict or set is returned as is: valid, but never a key.
   */
  PythonTuple tuple(PythonTuple t) {
    int[] ids = new int[t.size()];
    int depth = 0;
    for (int i = 0; i < ids.length; i++) {
      Node n = nodeIfHashable(t.get(i));
      if (n == null) return t;
      ids[i] = n.id;
      depth = Math.max(depth, n.depth);
    }
    return (PythonTuple) canonical(new Shape(false, ids), t, depth + 1);
  }

  /**
   * The frozenset of {@code items}, or the equal one built before; a {@link CorruptValueException}
   * if an item is unhashable.
   */
  FrozenSet frozenSet(List<Object> items) {
    int[] ids = new int[items.size()];
    int depth = 0;
    for (int i = 0; i < ids.length; i++) {
      Node n = requireHashable(items.get(i));
      ids[i] = n.id;
      depth = Math.max(depth, n.depth);
    }
    int[] distinct = Arrays.stream(ids).sorted().distinct().toArray();
    Shape shape = new Shape(true, distinct);
    Object known = canonical.get(shape);
    if (known != null) return (FrozenSet) known;
    Set<Object> set = new LinkedHashSet<>();
    for (Object x : items) add(set, set, x, () -> set.add(x));
    return (FrozenSet) canonical(shape, new FrozenSet(set), depth + 1);
  }

  /** Fails unless {@code x} may be a dict key or a set member, as Python does. */
  Node requireHashable(Object x) {
    Node n = nodeIfHashable(x);
    if (n == null)
      throw new CorruptValueException(
          "unhashable " + PlainData.typeName(x) + " used as a dict key or set member");
    return n;
  }

  private Object canonical(Shape shape, Object value, int depth) {
    Object known = canonical.putIfAbsent(shape, value);
    if (known != null) return known;
    if (depth > maxDepth)
      throw new CorruptValueException("value is nested deeper than " + maxDepth + " levels");
    byIdentity.put(value, new Node(nextId++, depth));
    return value;
  }

  private Node nodeIfHashable(Object x) {
    if (x == null) return NONE;
    if (x instanceof byte[]) return byIdentity.computeIfAbsent(x, b -> new Node(nextId++, 0));
    if (PlainData.isScalar(x))
      return scalars
          .computeIfAbsent(x.getClass(), c -> new HashMap<>())
          .computeIfAbsent(x, s -> new Node(nextId++, 0));
    return byIdentity.get(x); // null for lists, dicts, sets and tuples holding them
  }
}
