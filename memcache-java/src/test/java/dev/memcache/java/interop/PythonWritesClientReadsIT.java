package dev.memcache.java.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memcache.core.CasValue;
import dev.memcache.core.codec.Python;
import dev.memcache.core.codec.PythonWrite;
import dev.memcache.core.codec.Shapes;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * python-memcached, pylibmc and pymemcache write; {@link MemcacheClient} with its default settings
 * reads.
 */
class PythonWritesClientReadsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();
  static MemcacheClient client;

  @BeforeAll
  static void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @TestFactory
  Stream<DynamicTest> everyValueEachPythonClientWritesIsReadByGetAsTheEquivalentJvmValue() {
    List<PythonWrite> plan = PythonWrite.everyCase();
    Map<String, String> stored = PythonWrite.writeAll(plan, memcached.address());
    Map<String, Object> all = client.getMulti(plan.stream().map(PythonWrite::key).toList());
    return plan.stream()
        .map(
            w ->
                DynamicTest.dynamicTest(
                    w.testName(),
                    () -> {
                      assertEquals("stored", stored.get(w.key()));
                      assertEquals(
                          Shapes.of(w.expected()),
                          Shapes.of(client.get(w.key())),
                          "get " + w.key());
                      assertEquals(
                          Shapes.of(w.expected()),
                          Shapes.of(all.get(w.key())),
                          "getMulti " + w.key());
                    }));
  }

  @Test
  void pythonNoneReadsAsNullAndGetsTellsItFromAMiss() {
    Python.run("memcache.Client([sys.argv[1]]).set('none', None)\n", "", memcached.address());
    assertNull(client.get("none"));
    CasValue<Object> v = client.gets("none");
    assertNotNull(v, "the item exists");
    assertNull(v.value());
    assertNull(client.gets("never-set"));
  }

  @Test
  void countersArePythonIntegersOnBothSides() {
    Python.run(
        """
        memcache.Client([sys.argv[1]]).set('hits-pm', 41)
        pylibmc.Client([sys.argv[1]]).set('hits-pl', 41)
        """,
        "",
        memcached.address());
    assertEquals(42L, client.incr("hits-pm", 1));
    assertEquals(42L, client.incr("hits-pl", 1));
    assertEquals(42L, client.get("hits-pm"), "flags 2 kept by incr: still an integer");
    assertEquals(42L, client.get("hits-pl"), "pylibmc's flags 4 read as an integer");
    String out =
        Python.run(
            """
        print(memcache.Client([sys.argv[1]]).get('hits-pm'), pylibmc.Client([sys.argv[1]]).get('hits-pl'))
        """,
            "",
            memcached.address());
    assertEquals("42 42", out.strip());
  }
}
