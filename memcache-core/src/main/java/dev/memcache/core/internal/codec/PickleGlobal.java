package dev.memcache.core.internal.codec;

/**
 * The only Python globals a pickle may name: the constructors that Python's own pickler uses for
 * sets, frozensets, bytes, bytearrays and ordered dicts (protocols 0 to 3 have no opcodes for
 * them). Each is mapped to a Java constructor of plain data; nothing is looked up, loaded or called
 * by name.
 */
enum PickleGlobal {
  SET,
  FROZENSET,
  BYTES,
  BYTEARRAY,
  /** {@code _codecs.encode(str, 'latin1')}: how protocols 0-2 write {@code bytes}. */
  CODECS_ENCODE,
  ORDERED_DICT;

  /**
   * The allowed global {@code module.name}, or a {@link CorruptValueException} saying it is not
   * allowed.
   */
  static PickleGlobal resolve(String module, String name) {
    boolean builtin = module.equals("builtins") || module.equals("__builtin__");
    PickleGlobal g = null;
    if (builtin) {
      g =
          switch (name) {
            case "set" -> SET;
            case "frozenset" -> FROZENSET;
            case "bytes" -> BYTES;
            case "bytearray" -> BYTEARRAY;
            default -> null;
          };
    } else if (module.equals("_codecs") && name.equals("encode")) {
      g = CODECS_ENCODE;
    } else if (module.equals("collections") && name.equals("OrderedDict")) {
      g = ORDERED_DICT;
    }
    if (g == null) {
      throw new CorruptValueException(
          "pickle references "
              + printable(module)
              + "."
              + printable(name)
              + ", which is not allowed: only plain data "
              + "(None, bool, int, float, str, bytes, list, tuple, dict, set, frozenset) is read, never classes or functions");
    }
    return g;
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
