package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.testkit.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Raw flags and bytes that no JVM writes (integers with {@code _}, bits no client defines, several
 * type bits at once) are stored over a socket; python-memcached, pylibmc and pymemcache read them,
 * and the codec must read what python-memcached reads (and fail where it fails). The other two
 * clients may differ only in the documented ways.
 */
class FlagBitsAsPythonReadsThemIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  record Case(int flags, byte[] bytes) {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String s :
        List.of(
            "1_000",
            "-1_000_000",
            "+5",
            " 12\t\n",
            "007",
            "1_2_3_4_5_6_7_8_9_0_1_2_3_4_5_6_7_8_9_0"))
      for (int flags : new int[] {2, 4}) cases.add(new Case(flags, ascii(s)));
    for (String s : List.of("1__0", "_1", "1_", "-_1", "1 0", "0x10", "", "1_000.5"))
      cases.add(new Case(2, ascii(s)));
    cases.add(new Case(2, new byte[] {(byte) 0xd9, (byte) 0xa3})); // Arabic-Indic digit 3
    cases.add(new Case(16 | 0x100, ascii("hello")));
    cases.add(new Case(16 | 64, ascii("hello")));
    cases.add(new Case(16 | 32, ascii("hello")));
    cases.add(new Case(16 | 0x80000000, ascii("hello")));
    cases.add(new Case(2 | 0x100, ascii("12")));
    cases.add(new Case(4 | 0x4000, ascii("1_2")));
    cases.add(new Case(1 | 0x100, PythonValueCodec.DEFAULT.encode(List.of("a", 1L)).bytes()));
    cases.add(new Case(16 | 8 | 0x100, zlib("compressed text")));
    cases.add(new Case(0x100, ascii("abc")));
    cases.add(new Case(64, ascii("abc")));
    cases.add(new Case(8 | 0x200, zlib("abc")));
    cases.add(new Case(1 | 2, ascii("12")));
    cases.add(new Case(2 | 4, ascii("12")));
    cases.add(new Case(1 | 16, ascii("abc")));
    cases.add(new Case(2 | 16, ascii("12")));
    cases.add(new Case(1 | 4, ascii("12")));
    cases.add(new Case(1 | 2 | 4 | 16 | 0x100, ascii("text wins")));
    return cases;
  }

  /** Python's reading of a value, or of the codec's: {@code int:5}, {@code str:abc}, ... */
  static String shown(Object v) {
    if (v instanceof Long || v instanceof java.math.BigInteger) return "int:" + v;
    if (v instanceof String s) return "str:" + HexFormat.of().formatHex(utf8(s));
    if (v instanceof byte[] b) return "bytes:" + HexFormat.of().formatHex(b);
    if (v instanceof List<?> l) return "list:" + l;
    return "other:" + v;
  }

  static final String SCRIPT =
      """
      import binascii
      from pymemcache.client.base import Client as Pymemcache
      from pymemcache import serde
      host, port = sys.argv[1].rsplit(':', 1)
      clients = {'python-memcached': memcache.Client([sys.argv[1]]),
                 'pylibmc': pylibmc.Client([sys.argv[1]]),
                 'pymemcache': Pymemcache((host, int(port)), serde=serde.pickle_serde)}
      def shown(v):
          if v is None: return 'none'
          if isinstance(v, bool): return 'bool:' + str(v)
          if isinstance(v, int): return 'int:' + str(v)
          if isinstance(v, str): return 'str:' + v.encode('utf-8').hex()
          if isinstance(v, bytes): return 'bytes:' + v.hex()
          if isinstance(v, list): return 'list:[' + ', '.join(str(x) for x in v) + ']'
          return 'other:' + repr(v)
      for line in sys.stdin:
          key = line.strip()
          for name, client in clients.items():
              try:
                  print(key, name, shown(client.get(key)))
              except Exception as e:
                  print(key, name, 'error')
      """;

  @Test
  void theCodecReadsEveryFlagAndIntegerFormAsPythonMemcachedDoes() {
    List<Case> cases = cases();
    Map<String, Case> byKey = new LinkedHashMap<>();
    try (RawMemcached raw =
        new RawMemcached(memcached.server().host(), memcached.server().port())) {
      for (int i = 0; i < cases.size(); i++) {
        String key = "flags_" + i;
        raw.set(key, new CachedValue(cases.get(i).flags(), cases.get(i).bytes()));
        byKey.put(key, cases.get(i));
      }
    }
    String out = Python.run(SCRIPT, String.join("\n", byKey.keySet()) + "\n", memcached.address());
    Map<String, String> python = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] p = line.split(" ", 3);
      python.put(p[0] + " " + p[1], p[2]);
    }
    int compared = 0;
    for (var e : byKey.entrySet()) {
      Case c = e.getValue();
      String jvm;
      try {
        jvm = shown(PythonValueCodec.DEFAULT.decode(e.getKey(), c.flags(), c.bytes()));
      } catch (MemcacheDecodeException ex) {
        jvm = "error";
      }
      String what = "flags " + Integer.toUnsignedString(c.flags()) + " " + text(c.bytes());
      assertEquals(python.get(e.getKey() + " python-memcached"), jvm, what);
      int types = c.flags() & (Flags.PICKLE | Flags.INTEGER | Flags.LONG | Flags.TEXT);
      String pylibmc = python.get(e.getKey() + " pylibmc");
      String pymemcache = python.get(e.getKey() + " pymemcache");
      if (types == 0 && jvm.equals("error")) {
        // Only bits no Python client defines: pylibmc and pymemcache hand back the raw bytes
        assertTrue(pylibmc.startsWith("bytes:") && pymemcache.startsWith("bytes:"), what);
      } else if (Integer.bitCount(types) > 1) {
        // Several type bits: pylibmc refuses, pymemcache reads them as python-memcached does
        assertEquals("error", pylibmc, what);
        assertEquals(jvm, pymemcache, what);
      } else {
        assertEquals(jvm, pylibmc, what);
        // pymemcache 3.5 does not decompress
        if ((c.flags() & Flags.ZLIB) == 0) assertEquals(jvm, pymemcache, what);
      }
      compared++;
    }
    System.out.println("flag and integer forms compared with three Python clients: " + compared);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return "'" + new String(b, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }

  static byte[] zlib(String s) {
    Deflater d = new Deflater();
    d.setInput(utf8(s));
    d.finish();
    byte[] out = new byte[256];
    int n = d.deflate(out);
    d.end();
    return java.util.Arrays.copyOf(out, n);
  }
}
