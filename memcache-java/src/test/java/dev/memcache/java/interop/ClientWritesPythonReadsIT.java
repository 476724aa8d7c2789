package dev.memcache.java.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.codec.InteropCases;
import dev.memcache.core.codec.Python;
import dev.memcache.core.codec.PythonScripts;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MemcacheClient} sets values (plain, and zlib-compressed); each Python client reads them.
 */
class ClientWritesPythonReadsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  record Read(String client, String key, String expr) {}

  @TestFactory
  Stream<DynamicTest> everyValueTheClientSetsIsReadByEachPythonClientAsTheEquivalentValue() {
    List<Read> reads = new ArrayList<>();
    try (MemcacheClient plain = MemcacheClient.builder().servers(memcached.address()).build();
        MemcacheClient zlib =
            MemcacheClient.builder()
                .servers(memcached.address())
                .valueCodec(PythonValueCodec.builder().compressionThreshold(10).build())
                .build()) {
      for (InteropCases c : InteropCases.ALL) {
        assertTrue(plain.set("jvm_" + c.name(), c.java()), c.name());
        assertTrue(zlib.set("jvm_" + c.name() + "_zlib", c.java()), c.name());
        for (String py : List.of("python-memcached", "pylibmc", "pymemcache"))
          reads.add(new Read(py, "jvm_" + c.name(), c.pythonFromJvm()));
        // pymemcache 3.5 cannot decompress: compressed values are for python-memcached and pylibmc
        for (String py : List.of("python-memcached", "pylibmc"))
          reads.add(new Read(py, "jvm_" + c.name() + "_zlib", c.pythonFromJvm()));
      }
    }
    String in =
        String.join(
            "\n", reads.stream().map(r -> r.client() + "\t" + r.key() + "\t" + r.expr()).toList());
    Map<String, String> outcome =
        PythonScripts.outcomes(Python.run(PythonScripts.READER, in + "\n", memcached.address()), 2);
    return reads.stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    r.client() + " reads " + r.key().substring(4),
                    () -> assertEquals("same", outcome.get(r.client() + " " + r.key()), r.key())));
  }
}
