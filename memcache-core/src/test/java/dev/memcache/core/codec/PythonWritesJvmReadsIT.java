package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.testkit.MemcachedExtension;
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
class PythonWritesJvmReadsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  /** Every case from every client, and pickles of each protocol python-memcached can write. */
  static List<PythonWrite> plan() {
    List<PythonWrite> plan = PythonWrite.everyCase();
    for (InteropCases c : InteropCases.ALL) {
      if (PythonValueCodec.DEFAULT.encode(c.java()).flags() == Flags.PICKLE) {
        // python-memcached writes protocol 0 by default
        for (int protocol = 1; protocol <= 5; protocol++) {
          String client = "python-memcached-protocol-" + protocol;
          plan.add(new PythonWrite(client, client + "_" + c.name(), c, 0));
        }
      }
    }
    return plan;
  }

  @TestFactory
  Stream<DynamicTest> everyValueEachPythonClientWritesReadsAsTheEquivalentJvmValue() {
    List<PythonWrite> plan = plan();
    Map<String, String> stored = PythonWrite.writeAll(plan, memcached.address());
    PythonValueCodec codec = PythonValueCodec.DEFAULT;
    return plan.stream()
        .map(
            w ->
                DynamicTest.dynamicTest(
                    w.testName(),
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
