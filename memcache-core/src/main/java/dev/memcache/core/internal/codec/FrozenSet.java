package dev.memcache.core.internal.codec;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;

/**
 * A Python {@code frozenset} as read from a pickle: an unmodifiable set in pickle order whose hash
 * is computed once (frozensets can be dict keys and set members, nested arbitrarily).
 */
final class FrozenSet extends AbstractSet<Object> {
  private final Set<Object> items;
  private int hash;
  private boolean hashIsZero;

  /** Takes {@code items}, which no one may change afterwards. */
  FrozenSet(Set<Object> items) {
    this.items = Collections.unmodifiableSet(items);
  }

  @Override
  public Iterator<Object> iterator() {
    return items.iterator();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public boolean contains(Object o) {
    return items.contains(o);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && !hashIsZero) {
      h = items.hashCode();
      if (h == 0) hashIsZero = true;
      else hash = h;
    }
    return h;
  }
}
