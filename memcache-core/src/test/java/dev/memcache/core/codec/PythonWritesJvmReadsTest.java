package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.testkit.MemcachedExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * python-memcached, pylibmc and pymemcache store values in a real memcached; the JVM reads the raw
 * flags and bytes over a socket and decodes them with the default codec.
 */
class PythonWritesJvmReadsTest {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  record Written(String client, String key, InteropCases value, int minCompressLen) {
    String line() {
      return client + "\t" + key + "\t" + minCompressLen + "\t" + value.python();
    }

    Object expected() {
      return client.equals("pylibmc") ? value.javaFromPylibmc() : value.java();
    }
  }

  static List<Written> plan() {
    List<Written> plan = new ArrayList<>();
    for (InteropCases c : InteropCases.ALL) {
      for (String client : List.of("python-memcached", "pylibmc", "pymemcache")) {
        plan.add(new Written(client, client + "_" + c.name(), c, 0));
      }
      // pymemcache 3.5 has no compression; the other two compress when len > min_compress_len and
      // it helps
      for (String client : List.of("python-memcached", "pylibmc")) {
        plan.add(new Written(client, client + "_" + c.name() + "_zlib", c, 10));
      }
      if (PythonValueCodec.DEFAULT.encode(c.java()).flags() == Flags.PICKLE) {
        for (int protocol = 1;
            protocol <= 5;
            protocol++) { // python-memcached writes protocol 0 by default
          String client = "python-memcached-protocol-" + protocol;
          plan.add(new Written(client, client + "_" + c.name(), c, 0));
        }
      }
    }
    return plan;
  }

  @TestFactory
  Stream<DynamicTest> everyValueEachPythonClientWritesReadsAsTheEquivalentJvmValue() {
    List<Written> plan = plan();
    String out =
        Python.run(
            PythonScripts.WRITER,
            String.join("\n", plan.stream().map(Written::line).toList()) + "\n",
            memcached.address());
    Map<String, String> stored = new LinkedHashMap<>();
    for (String line : out.split("\n"))
      if (!line.isBlank()) stored.put(line.split("\t")[0], line.split("\t")[1]);
    PythonValueCodec codec = PythonValueCodec.DEFAULT;
    return plan.stream()
        .map(
            w ->
                DynamicTest.dynamicTest(
                    w.client()
                        + " writes "
                        + w.value().name()
                        + (w.minCompressLen() > 0 ? " compressed" : ""),
                    () -> {
                      assertEquals("stored", stored.get(w.key()), w.key());
                      CachedValue raw;
                      try (RawMemcached server =
                          new RawMemcached(memcached.server().host(), memcached.server().port())) {
                        raw = server.get(w.key());
                      }
                      assertNotNull(raw, w.key());
                      if (w.minCompressLen() > 0 && w.value().big())
                        assertTrue(
                            (raw.flags() & Flags.ZLIB) != 0, "compressed: flags " + raw.flags());
                      assertEquals(
                          Shapes.of(w.expected()),
                          Shapes.of(codec.decode(w.key(), raw.flags(), raw.bytes())),
                          "flags " + raw.flags());
                    }));
  }

  @Test
  void picklesThatWouldRunACommandOrBuildAnObjectAreRefused() {
    String script =
        """
        import os
        class RunsACommand:
            def __reduce__(self):
                return (os.system, ('touch /tmp/memcache-jvm-pwned',))
        class User:
            def __init__(self): self.name = 'ann'
        mc = memcache.Client([sys.argv[1]])
        assert mc.set('evil', RunsACommand())
        assert mc.set('user', User())
        mc5 = memcache.Client([sys.argv[1]], pickleProtocol=5)
        assert mc5.set('evil5', RunsACommand())
        assert mc5.set('user5', [User()])
        """;
    Python.run(script, "", memcached.address());
    // protocol 0 builds instances through copy_reg._reconstructor, protocol 5 names the class
    // itself
    Map<String, String> refusedBecause =
        Map.of(
            "evil",
            "posix.system",
            "evil5",
            "posix.system",
            "user",
            "copy_reg._reconstructor",
            "user5",
            "__main__.User");
    try (RawMemcached server =
        new RawMemcached(memcached.server().host(), memcached.server().port())) {
      refusedBecause.forEach(
          (key, name) -> {
            CachedValue raw = server.get(key);
            var e =
                assertThrows(
                    MemcacheDecodeException.class,
                    () -> PythonValueCodec.DEFAULT.decode(key, raw.flags(), raw.bytes()));
            assertTrue(
                e.getMessage().contains("pickle references " + name + ", which is not allowed"),
                e.getMessage());
            assertTrue(e.getMessage().contains("'" + key + "' with flags 1"), e.getMessage());
          });
    }
  }
}
