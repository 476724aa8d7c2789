package dev.memcache.java.frameworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Flask-Caching 2.0 cache ({@code CACHE_TYPE="MemcachedCache"}, Debian's
 * python3-flask-caching, which runs pylibmc with its default behaviors) over three real memcached
 * servers shares keys, values and servers with the JVM client set to {@code
 * keyPrefix(CACHE_KEY_PREFIX)} and {@link Distribution#LIBMEMCACHED_MODULA}.
 */
class FlaskCachingIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);

  static final String PREFIX = "flask_";
  static final int MANY = 300;

  @BeforeAll
  static void requireFlaskCaching() {
    DebianPython.requireModules("flask_caching", "pylibmc");
  }

  static MemcachedFleet fleet() {
    return servers.fleet();
  }

  static final String SCRIPT =
      """
      import sys
      from flask import Flask
      from flask_caching import Cache
      mode, servers, n = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
      app = Flask(__name__)
      cache = Cache(app, config={"CACHE_TYPE": "MemcachedCache", "CACHE_MEMCACHED_SERVERS": servers,
                                 "CACHE_KEY_PREFIX": "flask_"})
      values = {"greeting": "h\\u00e9llo", "answer": 42, "profile": {"name": "Ada", "tags": ["a", "b"], "score": 9.5},
                "rows": [1, "two", None], "raw": b"\\x00bytes"}
      many = {"many:%d" % i: "value %d" % i for i in range(n)}
      with app.app_context():
          if mode == "write":
              for k, v in values.items():
                  assert cache.set(k, v)
              assert sorted(cache.set_many(many)) == sorted(many)  # the keys it set
              cache.set("count", 41)
              print("inc", cache.cache.inc("count"))  # the backend's inc (Cache has no inc)
          else:
              checked = 0
              for k, v in values.items():
                  got = cache.get(k)
                  print("ok" if type(got) is type(v) and got == v else "MISMATCH", k, repr(got)); checked += 1
              got = cache.get_many(*many)
              for (k, v), g in zip(many.items(), got):
                  if g != v: print("MISMATCH", k, repr(g))
                  checked += 1
              print("ok" if cache.get("count") == 42 else "MISMATCH", "count", cache.get("count")); checked += 1
              print("checked", checked)
      """;

  static Map<String, Object> values() {
    return Map.of(
        "greeting",
        "h\u00e9llo",
        "answer",
        42L,
        "profile",
        Map.of("name", "Ada", "tags", List.of("a", "b"), "score", 9.5),
        "rows",
        Arrays.asList(1L, "two", null),
        "raw",
        new byte[] {0, 'b', 'y', 't', 'e', 's'});
  }

  static List<String> manyKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < MANY; i++) keys.add("many:" + i);
    return keys;
  }

  static MemcacheClient jvm() {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .distribution(Distribution.LIBMEMCACHED_MODULA)
        .keyPrefix(PREFIX)
        .build();
  }

  static String flask(String mode) {
    return DebianPython.run(
        SCRIPT, "", mode, String.join(",", fleet().addresses()), Integer.toString(MANY));
  }

  @Test
  void valuesFlaskCachingWritesAreReadByTheJvmWithTheCachesKeyPrefix() {
    String out = flask("write");
    assertTrue(out.contains("inc 42"), out);
    int values = 0;
    try (MemcacheClient client = jvm()) {
      for (var e : values().entrySet()) {
        Object got = client.get(e.getKey());
        if (e.getValue() instanceof byte[] b) assertArrayEquals(b, (byte[]) got, e.getKey());
        else assertEquals(e.getValue(), got, e.getKey());
        values++;
      }
      Map<String, Object> many = client.getMulti(manyKeys());
      for (int i = 0; i < MANY; i++) assertEquals("value " + i, many.get("many:" + i));
      values += MANY;
      assertEquals(42L, client.get("count"), "Flask-Caching's cache.inc");
      values++;
      int keys = assertSameServers(client.config());
      System.out.printf(
          "Flask-Caching -> JVM: %d values read, %d keys on the servers pylibmc chose%n",
          values, keys);
    }
  }

  @Test
  void valuesTheJvmWritesAreReadByFlaskCachingsGetAndGetMany() {
    try (MemcacheClient client = jvm()) {
      for (var e : values().entrySet()) assertTrue(client.set(e.getKey(), e.getValue()));
      for (int i = 0; i < MANY; i++) assertTrue(client.set("many:" + i, "value " + i));
      assertTrue(client.set("count", 41L));
      assertEquals(42L, client.incr("count", 1));
      int keys = assertSameServers(client.config());
      String out = flask("read");
      assertTrue(!out.contains("MISMATCH"), out);
      int checked = Integer.parseInt(out.replaceAll("(?s).*checked (\\d+).*", "$1"));
      assertEquals(values().size() + MANY + 1, checked, out);
      System.out.printf(
          "JVM -> Flask-Caching: %d values read by cache.get/get_many, %d keys on the servers the"
              + " JVM chose%n",
          checked, keys);
    }
  }

  /** Every key is on the server our locator picks for prefix + key; every server holds some. */
  static int assertSameServers(ClientConfig config) {
    List<String> stored = new ArrayList<>();
    for (String k : values().keySet()) stored.add(PREFIX + k);
    for (String k : manyKeys()) stored.add(PREFIX + k);
    stored.add(PREFIX + "count");
    int[] found = fleet().locate(stored);
    NodeLocator locator =
        Routing.locator(config.distribution(), config.hashAlgorithm(), config.servers());
    int[] perServer = new int[3];
    for (int i = 0; i < stored.size(); i++) {
      assertEquals(
          locator.serverFor(stored.get(i).getBytes(StandardCharsets.UTF_8)),
          found[i],
          stored.get(i));
      perServer[found[i]]++;
    }
    for (int n : perServer)
      assertTrue(n > 0, "every server holds keys: " + Arrays.toString(perServer));
    return stored.size();
  }
}
