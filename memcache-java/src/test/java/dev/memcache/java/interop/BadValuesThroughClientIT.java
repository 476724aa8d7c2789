package dev.memcache.java.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.Flags;
import dev.memcache.core.codec.Python;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.codec.PythonValueCodec.Compression;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values the codec cannot read (malformed, or another client's format) fail with a decode error
 * naming the key and flags, and the connection goes on serving; LZ4 travels between JVM clients.
 */
class BadValuesThroughClientIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();
  MemcacheClient client;

  @BeforeEach
  void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  /**
   * Stores raw flags and bytes (given as Python bytes literals) with a plain socket write from
   * Python.
   */
  void storeRaw(Map<String, String> keyToFlagsAndBytes) {
    StringBuilder script =
        new StringBuilder(
            """
        import socket
        host, port = sys.argv[1].rsplit(':', 1)
        s = socket.create_connection((host, int(port)))
        def put(key, flags, data):
            s.sendall(b'set %s %d 0 %d\\r\\n%s\\r\\n' % (key.encode(), flags, len(data), data))
            assert s.recv(64) == b'STORED\\r\\n'
        """);
    keyToFlagsAndBytes.forEach(
        (k, v) -> script.append("put('").append(k).append("', ").append(v).append(")\n"));
    Python.run(script.toString(), "", memcached.address());
  }

  @Test
  void malformedValuesFailClearlyAndTheConnectionKeepsServing() {
    storeRaw(
        Map.of(
            "truncated_pickle", "1, __import__('pickle').dumps(['abc', 1, 2], 2)[:-3]",
            "bad_zlib", "8 | 16, b'x\\x9c this is not deflate'",
            "gzip_under_8", "8, __import__('gzip').compress(b'spymemcached')",
            "invalid_utf8", "16, b'ok \\xff\\xfe'",
            "garbage_int", "2, b'12abc'",
            "no_type_bit", "0x100, b'12'",
            "java_serialized", "1, b'\\xac\\xed\\x00\\x05t\\x00\\x01x'"));
    Map<String, String> reason =
        Map.of(
            "truncated_pickle",
            "truncated",
            "bad_zlib",
            "corrupt zlib stream",
            "gzip_under_8",
            "looks like gzip",
            "invalid_utf8",
            "not valid UTF-8",
            "garbage_int",
            "not a decimal integer",
            "no_type_bit",
            "no type bit",
            "java_serialized",
            "looks like Java serialization");
    client.set("good", "still served");
    reason.forEach(
        (key, why) -> {
          var e = assertThrows(MemcacheDecodeException.class, () -> client.get(key), key);
          assertTrue(
              e.getMessage().contains("'" + key + "'") && e.getMessage().contains(why),
              e.getMessage());
          assertEquals(
              "still served", client.get("good"), "the connection is in step after " + key);
        });
    assertThrows(MemcacheDecodeException.class, () -> client.getMulti(List.of("good", "bad_zlib")));
    assertEquals("still served", client.get("good"));
  }

  @Test
  void pickleThatWouldRunACommandIsRefusedThroughTheClient() {
    Python.run(
        """
        import os
        class RunsACommand:
            def __reduce__(self):
                return (os.system, ('touch /tmp/memcache-jvm-pwned',))
        assert pylibmc.Client([sys.argv[1]]).set('evil', {'payload': RunsACommand()})
        """,
        "",
        memcached.address());
    var e = assertThrows(MemcacheDecodeException.class, () -> client.get("evil"));
    assertTrue(e.getMessage().contains("posix.system, which is not allowed"), e.getMessage());
  }

  @Test
  void lz4ValuesTravelBetweenJvmClientsWithAnyCodecSettings() {
    PythonValueCodec lz4 =
        PythonValueCodec.builder().compressionThreshold(100).compression(Compression.LZ4).build();
    Map<String, Object> value =
        Map.of("rows", List.of("row ".repeat(500), "row ".repeat(500)), "n", 2L);
    try (MemcacheClient writer =
        MemcacheClient.builder().servers(memcached.address()).valueCodec(lz4).build()) {
      assertTrue(writer.set("lz4", value));
    }
    assertEquals(value, client.get("lz4"), "a default client reads LZ4 too");
    String out =
        Python.run(
            """
        import socket
        host, port = sys.argv[1].rsplit(':', 1)
        s = socket.create_connection((host, int(port)))
        s.sendall(b'get lz4\\r\\n')
        print('flags', s.recv(64).split(b'\\r\\n')[0].decode().split()[2])
        """,
            "",
            memcached.address());
    assertEquals("flags " + Flags.LZ4, out.strip());
  }
}
