package dev.memcache.core.internal.codec;

import dev.memcache.core.codec.PythonTuple;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads pickles of protocols 0 to 5 that hold plain data, and nothing else. It reuses razorvine's
 * decoders for the harmless opcodes and refuses everything that could import, construct or call:
 * GLOBAL and STACK_GLOBAL must name a {@link PickleGlobal}, REDUCE may only call one of those, and
 * INST, OBJ, NEWOBJ, BUILD, persistent ids, extension codes and out-of-band buffers fail. Length
 * fields are checked against the bytes left before anything is allocated, so a few bytes cannot ask
 * for gigabytes. Unhashable dict keys and set members fail as they do in Python. Equal tuples and
 * frozensets that could be keys are made one object, and keys crafted to share a hash code fail
 * ({@link Hashables}): no pickle makes hashing or comparing keys cost more than about linear time
 * in its size.
 *
 * <p>Python types come back as: None {@code null}, bool {@code Boolean}, int {@code Long} (or
 * {@code BigInteger} beyond 64 bits), float {@code Double}, str {@code String}, bytes and bytearray
 * {@code byte[]}, list {@code ArrayList}, tuple {@link PythonTuple}, dict and OrderedDict {@code
 * LinkedHashMap} in pickle order, set {@code LinkedHashSet}, frozenset an unmodifiable {@code Set}.
 */
public final class RestrictedUnpickler extends Unpickler {
  /** Deepest nesting read (Python's own recursion limit is 1000). */
  public static final int MAX_DEPTH = 500;

  /** Longest decimal integer read: Python's default {@code sys.int_info.default_max_str_digits}. */
  public static final int MAX_INT_DIGITS = 4300;

  /** Dict keys and set members, canonical so that equal ones are one object. */
  private final Hashables hashables;

  private RestrictedUnpickler(int length) {
    hashables = new Hashables(MAX_DEPTH, length);
  }

  /** The value pickled in {@code data}, or a {@link CorruptValueException} saying why not. */
  public static Object unpickle(byte[] data) {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    Object value;
    try {
      value = new RestrictedUnpickler(data.length).load(in);
    } catch (CorruptValueException e) {
      throw e;
    } catch (IOException e) {
      throw new CorruptValueException("pickle is truncated (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      // razorvine's PickleException, or an opcode applied to the wrong type
      throw new CorruptValueException(
          "not a valid pickle (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
    if (in.available() > 0)
      throw new CorruptValueException(in.available() + " bytes follow the end of the pickle");
    PlainData.check(value, MAX_DEPTH);
    return value;
  }

  @Override
  protected Object dispatch(short op) throws IOException {
    switch (op) {
      case Opcodes.MARK,
          Opcodes.STOP,
          Opcodes.POP,
          Opcodes.POP_MARK,
          Opcodes.DUP,
          Opcodes.NONE,
          Opcodes.NEWTRUE,
          Opcodes.NEWFALSE,
          Opcodes.BINFLOAT,
          Opcodes.STRING,
          Opcodes.SHORT_BINSTRING,
          Opcodes.UNICODE,
          Opcodes.SHORT_BINUNICODE,
          Opcodes.SHORT_BINBYTES,
          Opcodes.EMPTY_LIST,
          Opcodes.LIST,
          Opcodes.APPEND,
          Opcodes.GET,
          Opcodes.BINGET,
          Opcodes.LONG_BINGET,
          Opcodes.PUT,
          Opcodes.BINPUT,
          Opcodes.LONG_BINPUT,
          Opcodes.MEMOIZE,
          Opcodes.PROTO,
          Opcodes.FRAME -> {
        return super.dispatch(op);
      }
      case Opcodes.BINSTRING, Opcodes.BINUNICODE, Opcodes.BINBYTES -> {
        requireLength(4);
        return super.dispatch(op);
      }
      case Opcodes.BINUNICODE8, Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> {
        requireLength(8);
        return super.dispatch(op);
      }
      case Opcodes.INT, Opcodes.BININT, Opcodes.BININT1, Opcodes.BININT2, Opcodes.LONG1 ->
          pushInteger(op);
      case Opcodes.LONG4 -> {
        requireLength(4);
        pushInteger(op);
      }
      case Opcodes.LONG -> stack.add(decimal(PickleUtils.readline(input)));
      case Opcodes.FLOAT -> stack.add(pythonFloat(PickleUtils.readline(input)));
      case Opcodes.EMPTY_TUPLE -> stack.add(tuple(List.of()));
      case Opcodes.TUPLE -> stack.add(tuple(stack.pop_all_since_marker()));
      case Opcodes.TUPLE1 -> stack.add(tuple(Arrays.asList(stack.pop())));
      case Opcodes.TUPLE2, Opcodes.TUPLE3 -> stack.add(tuple(popN(op == Opcodes.TUPLE2 ? 2 : 3)));
      case Opcodes.APPENDS -> {
        // razorvine's trims the list after each APPENDS, so the next one copies it whole: a
        // megabyte of one-item APPENDS took minutes
        List<Object> items = stack.pop_all_since_marker();
        list(stack.peek()).addAll(items);
      }
      case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
      case Opcodes.DICT -> {
        Map<Object, Object> dict = new LinkedHashMap<>();
        putAll(dict, stack.pop_all_since_marker());
        stack.add(dict);
      }
      case Opcodes.SETITEM -> {
        Object value = stack.pop();
        Object key = stack.pop();
        putAll(dict(stack.peek()), Arrays.asList(key, value));
      }
      case Opcodes.SETITEMS -> {
        List<Object> items = stack.pop_all_since_marker();
        putAll(dict(stack.peek()), items);
      }
      case Opcodes.EMPTY_SET -> stack.add(new LinkedHashSet<>());
      case Opcodes.ADDITEMS -> {
        List<Object> items = stack.pop_all_since_marker();
        addAll(set(stack.peek()), items);
      }
      case Opcodes.FROZENSET -> stack.add(frozenSet(stack.pop_all_since_marker()));
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(PickleGlobal.resolve(module, name));
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String m) || !(name instanceof String n))
          throw new CorruptValueException("STACK_GLOBAL without two strings");
        stack.add(PickleGlobal.resolve(m, n));
      }
      case Opcodes.REDUCE -> {
        Object args = stack.pop();
        Object callable = stack.pop();
        if (!(callable instanceof PickleGlobal g) || !(args instanceof PythonTuple t)) {
          throw new CorruptValueException(
              "REDUCE on " + PlainData.typeName(callable) + " is not allowed");
        }
        stack.add(construct(g, t));
      }
      default -> throw new CorruptValueException(refusal(op));
    }
    return NO_RETURN_VALUE;
  }

  private Object construct(PickleGlobal g, PythonTuple args) {
    int n = args.size();
    Object first = n > 0 ? args.get(0) : null;
    switch (g) {
      case SET, FROZENSET -> {
        List<Object> items =
            n == 0
                ? List.of()
                : n == 1 && first instanceof Collection<?> c ? new ArrayList<Object>(c) : null;
        if (items != null)
          return g == PickleGlobal.SET ? addAll(new LinkedHashSet<>(), items) : frozenSet(items);
      }
      case BYTES, BYTEARRAY -> {
        if (n == 0) return new byte[0];
        if (n == 1 && first instanceof byte[] b) return b;
        if (g == PickleGlobal.BYTEARRAY && n == 2) return latin1(first, args.get(1));
      }
      case CODECS_ENCODE -> {
        if (n == 2) return latin1(first, args.get(1));
      }
      case ORDERED_DICT -> {
        if (n == 0) return new LinkedHashMap<>();
      }
    }
    throw new CorruptValueException(
        g.name().toLowerCase(Locale.ROOT)
            + " called with unexpected arguments "
            + PlainData.typeNames(args));
  }

  private static byte[] latin1(Object text, Object encoding) {
    if (!(text instanceof String s)
        || !(encoding instanceof String e)
        || !List.of("latin1", "latin-1", "iso-8859-1", "iso8859-1")
            .contains(e.toLowerCase(Locale.ROOT))) {
      throw new CorruptValueException(
          "bytes encoded as "
              + PlainData.typeNames(Arrays.asList(text, encoding))
              + ", expected (str, 'latin1')");
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff)
        throw new CorruptValueException("bytes encoded as latin1 hold a character above U+00FF");
    }
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void pushInteger(short op) throws IOException {
    super.dispatch(op);
    Object v = stack.pop();
    if (v instanceof Integer i) v = i.longValue();
    else if (v instanceof BigInteger b && b.bitLength() < 64) v = b.longValue();
    stack.add(v);
  }

  private static Object decimal(String line) {
    String digits = line.endsWith("L") ? line.substring(0, line.length() - 1) : line;
    if (digits.length() > MAX_INT_DIGITS + 1)
      throw new CorruptValueException("integer longer than " + MAX_INT_DIGITS + " digits");
    BigInteger b = new BigInteger(digits.strip());
    return b.bitLength() < 64 ? (Object) b.longValue() : b;
  }

  private static double pythonFloat(String line) {
    return switch (line.strip().toLowerCase(Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan" -> Double.NaN;
      default -> Double.parseDouble(line.strip());
    };
  }

  /**
   * Fails unless the little-endian length of {@code width} bytes at the read position fits in what
   * is left.
   */
  private void requireLength(int width) throws IOException {
    input.mark(width);
    byte[] field = input.readNBytes(width);
    input.reset();
    if (field.length < width)
      throw new CorruptValueException("pickle is truncated inside a length field");
    long length = 0;
    for (int i = width - 1; i >= 0; i--) length = (length << 8) | (field[i] & 0xff);
    long left = input.available() - width;
    if (length < 0 || length > left) {
      throw new CorruptValueException(
          "pickle is truncated: an opcode announces "
              + Long.toUnsignedString(length)
              + " bytes, "
              + left
              + " are left");
    }
  }

  private PythonTuple tuple(List<Object> items) {
    return hashables.tuple(PythonTuple.copyOf(items));
  }

  private Set<Object> frozenSet(List<Object> items) {
    return hashables.frozenSet(items);
  }

  private Set<Object> addAll(Set<Object> set, List<Object> items) {
    for (Object x : items) hashables.add(set, set, x, () -> set.add(x));
    return set;
  }

  private void putAll(Map<Object, Object> dict, List<Object> keysAndValues) {
    if (keysAndValues.size() % 2 != 0)
      throw new CorruptValueException("dict items without a value for the last key");
    for (int i = 0; i < keysAndValues.size(); i += 2) {
      Object key = keysAndValues.get(i);
      Object value = keysAndValues.get(i + 1);
      int size = dict.size();
      hashables.add(dict, dict.keySet(), key, () -> put(dict, key, value, size));
    }
  }

  private static boolean put(Map<Object, Object> dict, Object key, Object value, int sizeBefore) {
    dict.put(key, value);
    return dict.size() > sizeBefore;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object target) {
    if (target instanceof ArrayList<?> l) return (List<Object>) l;
    throw new CorruptValueException("APPENDS on " + PlainData.typeName(target) + ", not a list");
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> dict(Object target) {
    if (target instanceof LinkedHashMap<?, ?> m) return (Map<Object, Object>) m;
    throw new CorruptValueException("SETITEM on " + PlainData.typeName(target) + ", not a dict");
  }

  @SuppressWarnings("unchecked")
  private static Set<Object> set(Object target) {
    if (target instanceof LinkedHashSet<?> s) return (Set<Object>) s;
    throw new CorruptValueException("ADDITEMS on " + PlainData.typeName(target) + ", not a set");
  }

  private List<Object> popN(int n) {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) items[i] = stack.pop();
    return Arrays.asList(items);
  }

  private static String refusal(short op) {
    String what =
        switch (op) {
          case Opcodes.INST, Opcodes.OBJ, Opcodes.NEWOBJ, Opcodes.NEWOBJ_EX ->
              "object construction";
          case Opcodes.BUILD -> "__setstate__ calls (BUILD)";
          case Opcodes.PERSID, Opcodes.BINPERSID -> "persistent ids";
          case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 -> "copyreg extension codes";
          case Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER -> "out-of-band buffers";
          default -> null;
        };
    return what == null
        ? String.format("invalid pickle opcode 0x%02x", op)
        : "pickle uses " + what + ", which is not allowed: only plain data is read";
  }
}
