package dev.memcache.java.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.core.codec.Python;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JSON between Java and the real Python clients (python-memcached, pylibmc, pymemcache): Python
 * reads what {@code setJson} wrote as a {@code str} and {@code json.loads} it; Java reads the
 * {@code json.dumps} text Python stored as a {@code str}.
 */
class JsonPythonInteropIT {
  record Product(String sku, String name, int qty, List<String> tags, double price) {}

  static final Product CAFE = new Product("p-1", "Café ☕ «crème»", 3, List.of("hot", "ünï"), 2.5);

  /** The three Python clients, each connected to sys.argv[1], by name. */
  static final String CLIENTS =
      """
      import json
      from pymemcache.client.base import Client as Pymemcache
      from pymemcache import serde
      addr = sys.argv[1]
      host, port = addr.rsplit(':', 1)
      clients = {
          'python-memcached': memcache.Client([addr]),
          'pylibmc': pylibmc.Client([addr]),
          'pymemcache': Pymemcache((host, int(port)), serde=serde.pickle_serde),
      }
      """;

  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();
  static MemcacheClient client;

  @BeforeAll
  static void connect() {
    DebianPython.requireModules("memcache", "pylibmc", "pymemcache");
    client = MemcacheClient.builder().servers(memcached.address()).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void eachPythonClientReadsJavaJsonAsAStrAndJsonLoadsIt() {
    client.json().setJson("json:py:product", CAFE, Duration.ofMinutes(5));
    String out =
        Python.run(
            CLIENTS
                + """
                expected = {'sku': 'p-1', 'name': 'Café ☕ «crème»', 'qty': 3, 'tags': ['hot', 'ünï'], 'price': 2.5}
                for name, c in clients.items():
                    v = c.get('json:py:product')
                    print(name, type(v).__name__, json.loads(v) == expected)
                """,
            "",
            memcached.address());
    assertEquals(
        "python-memcached str True\npylibmc str True\npymemcache str True", out.strip(), out);
  }

  @Test
  void javaReadsTheJsonDumpsTextEachPythonClientStoredAsAStr() {
    String out =
        Python.run(
            CLIENTS
                + """
                value = {'sku': 'p-1', 'name': 'Café ☕ «crème»', 'qty': 3, 'tags': ['hot', 'ünï'], 'price': 2.5}
                for name, c in clients.items():
                    print(name, c.set('json:from:' + name, json.dumps(value)))
                """,
            "",
            memcached.address());
    assertEquals("python-memcached True\npylibmc True\npymemcache True", out.strip(), out);
    for (String name : List.of("python-memcached", "pylibmc", "pymemcache")) {
      assertEquals(CAFE, client.json().getJson("json:from:" + name, Product.class), name);
    }
    assertEquals(
        Map.of(
            "json:from:pylibmc",
            CAFE,
            "json:from:pymemcache",
            CAFE,
            "json:from:python-memcached",
            CAFE),
        client
            .json()
            .getMultiJson(
                List.of("json:from:pylibmc", "json:from:pymemcache", "json:from:python-memcached"),
                Product.class));
  }
}
