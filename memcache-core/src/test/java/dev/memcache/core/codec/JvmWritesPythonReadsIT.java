package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.core.codec.PythonValueCodec.Compression;
import dev.memcache.testkit.MemcachedExtension;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JVM encodes values with the default codec and stores the raw flags and bytes in a real
 * memcached; python-memcached, pylibmc and pymemcache read them back.
 */
class JvmWritesPythonReadsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  record Read(String client, String key, String expr) {
    String line() {
      return client + "\t" + key + "\t" + expr;
    }
  }

  /** Runs the reader over {@code reads}; the outcome per "client key". */
  static Map<String, String> readInPython(List<Read> reads) {
    String out =
        Python.run(
            PythonScripts.READER,
            String.join("\n", reads.stream().map(Read::line).toList()) + "\n",
            memcached.address());
    Map<String, String> outcome = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", 3);
      if (f.length == 3) outcome.put(f[0] + " " + f[1], f[2]);
    }
    return outcome;
  }

  static void store(String key, CachedValue value) {
    try (RawMemcached server =
        new RawMemcached(memcached.server().host(), memcached.server().port())) {
      server.set(key, value);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyValueTheJvmWritesReadsAsTheEquivalentPythonValueInEachClient() {
    PythonValueCodec plain = PythonValueCodec.DEFAULT;
    PythonValueCodec zlib = PythonValueCodec.builder().compressionThreshold(10).build();
    List<Read> reads = new ArrayList<>();
    for (InteropCases c : InteropCases.ALL) {
      store("jvm_" + c.name(), plain.encode(c.java()));
      CachedValue compressed = zlib.encode(c.java());
      if (c.big())
        assertEquals(Flags.ZLIB, compressed.flags() & Flags.ZLIB, c.name() + " is compressed");
      store("jvm_" + c.name() + "_zlib", compressed);
      for (String client : List.of("python-memcached", "pylibmc", "pymemcache"))
        reads.add(new Read(client, "jvm_" + c.name(), c.pythonFromJvm()));
      // pymemcache 3.5 cannot decompress (its flag 8 is "unused"), so compressed values are for the
      // other two
      for (String client : List.of("python-memcached", "pylibmc"))
        reads.add(new Read(client, "jvm_" + c.name() + "_zlib", c.pythonFromJvm()));
    }
    Map<String, String> outcome = readInPython(reads);
    return reads.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.client() + " reads " + r.key().substring(4),
                    () ->
                        assertEquals(
                            "same",
                            outcome.get(r.client() + " " + r.key()),
                            r.key() + " should read as " + abbreviate(r.expr()))));
  }

  /**
   * What each Python client makes of LZ4 values: an error or the raw payload, never a misread
   * value.
   */
  @Test
  void lz4ValuesReachPythonClientsAsUnknownFlagsNeverAsAnotherType() {
    PythonValueCodec lz4 =
        PythonValueCodec.builder().compressionThreshold(10).compression(Compression.LZ4).build();
    String text = "lz4 is only for JVM readers. ".repeat(50);
    CachedValue value = lz4.encode(text);
    assertEquals(Flags.LZ4, value.flags());
    store("jvm_lz4", value);
    String payload = "bytes.fromhex('" + HexFormat.of().formatHex(value.bytes()) + "')";
    Map<String, String> outcome =
        readInPython(
            List.of(
                new Read("python-memcached", "jvm_lz4", payload),
                new Read("pylibmc", "jvm_lz4", payload),
                new Read("pymemcache", "jvm_lz4", payload)));
    assertEquals(
        "raised ValueError",
        outcome.get("python-memcached jvm_lz4"),
        "python-memcached: Unknown flags on get: 20");
    assertEquals("same", outcome.get("pylibmc jvm_lz4"), "pylibmc returns the raw payload");
    assertEquals("same", outcome.get("pymemcache jvm_lz4"), "pymemcache returns the raw payload");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
