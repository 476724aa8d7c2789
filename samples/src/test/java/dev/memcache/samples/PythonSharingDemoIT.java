package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.Flags;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the Python sharing sample end to end, so it cannot rot: a missing Python module fails it.
 */
class PythonSharingDemoIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void pythonReadsEveryJvmValueAndTheJvmReadsEveryPythonValue() throws Exception {
    assertNull(
        PythonSharingDemo.missingPython(), "install (as root): " + PythonSharingDemo.INSTALL);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Object> back;
    try (MemcacheClient cache = MemcacheClient.builder().servers(memcached.address()).build();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      back = PythonSharingDemo.share(cache, memcached.address(), out);
      CachedValue large = (CachedValue) cache.withValueCodec(AS_STORED).get("jvm:text-zlib");
      assertEquals(
          Flags.TEXT | Flags.ZLIB,
          large.flags(),
          "the large text is stored as zlib-compressed text");
      assertTrue(
          large.bytes().length < PythonSharingDemo.LARGE_TEXT.length() / 10,
          "compressed: " + large.bytes().length);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertEquals(PythonSharingDemo.fromPython(), back, output);
    assertTrue(
        output.contains(
            "py>   jvm:dict       dict  {'name': 'Ada', 'langs': ['java', 'python'], 'visits': 3}"),
        output);
    assertTrue(output.contains("py>   jvm:text-zlib  str   'All work and no play"), output);
    assertTrue(output.contains("read the 6 uncompressed values alike"), output);
    assertFalse(output.contains("expected"), output);
  }

  /** Reads an item as stored: its flags and bytes. */
  private static final ValueCodec AS_STORED =
      new ValueCodec() {
        @Override
        public CachedValue encode(Object value) {
          return (CachedValue) value;
        }

        @Override
        public Object decode(String key, int flags, byte[] bytes) {
          return new CachedValue(flags, bytes);
        }
      };
}
