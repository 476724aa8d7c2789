package dev.memcache.core.internal.codec;

import dev.memcache.core.codec.PythonTuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Pickler;

/**
 * Writes plain data as a protocol 2 pickle, which every Python 3 reads: null, Boolean, integers,
 * Float and Double, String, {@code byte[]} (as Python {@code bytes}), {@link PythonTuple}, and any
 * {@link List}, {@link Set} or {@link Map} of those. Anything else is an {@link
 * IllegalArgumentException}, never a reflective dump of the object's getters (razorvine's default).
 * Shared sub-values are written once (memo by identity); a value that contains itself fails, as the
 * reader would refuse it. One instance writes one value; not thread-safe.
 */
public final class PythonPickler extends Pickler {
  private final Map<Object, Boolean> open = new IdentityHashMap<>();

  /**
   * Each tuple's array, so that a tuple met again is the same object to razorvine's identity memo
   * and written as a reference: a value of shared tuples is written once, not once per path.
   */
  private final Map<PythonTuple, Object[]> tupleArrays = new IdentityHashMap<>();

  /** Tuples already checked to be hashable, so shared ones are checked once. */
  private final Map<PythonTuple, Boolean> hashableTuples = new IdentityHashMap<>();

  private PythonPickler() {
    super(true, false);
  }

  /** The pickle of {@code value}. */
  public static byte[] pickle(Object value) {
    try {
      return new PythonPickler().dumps(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
  }

  @Override
  public void save(Object o) throws IOException {
    if (o == null
        || o instanceof Boolean
        || o instanceof String
        || o instanceof Long
        || o instanceof Integer
        || o instanceof Short
        || o instanceof Byte
        || o instanceof BigInteger
        || o instanceof Double
        || o instanceof Float) {
      super.save(o);
    } else if (o instanceof byte[] b) {
      saveBytes(b);
    } else if (o instanceof FrozenSet f) {
      saveFrozenSet(f);
    } else if (o instanceof List || o instanceof Set || o instanceof Map) {
      if (open.size() >= RestrictedUnpickler.MAX_DEPTH) {
        throw new IllegalArgumentException(
            "value is nested deeper than " + RestrictedUnpickler.MAX_DEPTH + " levels");
      }
      if (open.put(o, Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "value contains itself (a " + o.getClass().getName() + "); it could not be read back");
      }
      if (o instanceof Map<?, ?> m) m.keySet().forEach(k -> requireHashable(k, "dict key"));
      if (o instanceof Set<?> set) set.forEach(x -> requireHashable(x, "set member"));
      try {
        super.save(
            o instanceof PythonTuple t ? tupleArrays.computeIfAbsent(t, PythonTuple::toArray) : o);
      } finally {
        open.remove(o);
      }
    } else {
      throw new IllegalArgumentException(
          "cannot pickle a "
              + o.getClass().getName()
              + ": use null, Boolean, an integer, Double, String, byte[], List, Set, Map or PythonTuple (or configure another ValueCodec)");
    }
  }

  /**
   * Python refuses to unpickle a dict key or set member that is a list, dict or set: fail now, not
   * there.
   */
  private void requireHashable(Object x, String role) {
    if (!isHashable(x))
      throw new IllegalArgumentException(
          "a "
              + role
              + " must be hashable in Python (not a List, Set or Map): "
              + x.getClass().getName());
  }

  private boolean isHashable(Object x) {
    if (x instanceof PythonTuple t) {
      Boolean known = hashableTuples.get(t);
      if (known == null) {
        known = t.stream().allMatch(this::isHashable);
        hashableTuples.put(t, known);
      }
      return known;
    }
    return x instanceof FrozenSet || !(x instanceof List || x instanceof Set || x instanceof Map);
  }

  /** A frozenset read from Python goes back as one, as Python's protocol 2 writes it. */
  private void saveFrozenSet(FrozenSet f) throws IOException {
    out.write(Opcodes.GLOBAL);
    out.write("__builtin__\nfrozenset\n".getBytes(StandardCharsets.US_ASCII));
    out.write(Opcodes.EMPTY_LIST);
    out.write(Opcodes.MARK);
    for (Object x : f) save(x);
    out.write(Opcodes.APPENDS);
    out.write(Opcodes.TUPLE1);
    out.write(Opcodes.REDUCE);
  }

  /**
   * As Python 3 writes bytes in protocol 2: {@code _codecs.encode(latin1 text, 'latin1')}, or
   * {@code bytes()}.
   */
  private void saveBytes(byte[] b) throws IOException {
    if (b.length == 0) {
      out.write(Opcodes.GLOBAL);
      out.write("__builtin__\nbytes\n".getBytes(StandardCharsets.US_ASCII));
      out.write(Opcodes.EMPTY_TUPLE);
    } else {
      out.write(Opcodes.GLOBAL);
      out.write("_codecs\nencode\n".getBytes(StandardCharsets.US_ASCII));
      writeUnicode(new String(b, StandardCharsets.ISO_8859_1));
      writeUnicode("latin1");
      out.write(Opcodes.TUPLE2);
    }
    out.write(Opcodes.REDUCE);
  }

  private void writeUnicode(String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.write(Opcodes.BINUNICODE);
    out.write(PickleUtils.integer_to_bytes(utf8.length));
    out.write(utf8);
  }
}
