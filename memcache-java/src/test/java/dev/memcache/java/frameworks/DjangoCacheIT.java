package dev.memcache.java.frameworks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.core.keys.DjangoKeys;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Django 3.2 cache ({@code settings.configure(CACHES=...)}, Debian's python3-django) over
 * three real memcached servers shares its keys, values and servers with the JVM client configured
 * as {@link DjangoKeys} documents, for both of Django's memcached backends.
 */
class DjangoCacheIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);

  static final String PREFIX = "shop";
  static final int MANY = 300;

  /**
   * Django's memcached backends (with default OPTIONS, and pylibmc with ketama) and the JVM
   * settings that match them; pylibmc stores {@code True} as the integer 1.
   */
  enum Backend {
    PY_MEMCACHE(
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "{}",
        Distribution.PYMEMCACHE_RENDEZVOUS,
        true),
    PY_LIBMC(
        "django.core.cache.backends.memcached.PyLibMCCache",
        "{}",
        Distribution.LIBMEMCACHED_MODULA,
        1L),
    PY_LIBMC_KETAMA(
        "django.core.cache.backends.memcached.PyLibMCCache",
        "{\"behaviors\": {\"ketama\": true}}",
        Distribution.LIBMEMCACHED_CONSISTENT,
        1L);

    final String django;
    final String options;
    final Distribution distribution;
    final Object trueReadByJvm;

    Backend(String django, String options, Distribution distribution, Object trueReadByJvm) {
      this.django = django;
      this.options = options;
      this.distribution = distribution;
      this.trueReadByJvm = trueReadByJvm;
    }
  }

  @BeforeAll
  static void requireDjango() {
    DebianPython.requireModules("django", "pymemcache", "pylibmc");
  }

  static MemcachedFleet fleet() {
    return servers.fleet();
  }

  /** The Python half: the same values as {@link #values}, written or checked by Django's cache. */
  static final String SCRIPT =
      """
      import json, sys
      import django
      from django.conf import settings
      backend, mode = sys.argv[1], sys.argv[2]
      servers = sys.argv[3].split(",")
      settings.configure(CACHES={"default": {"BACKEND": backend, "LOCATION": servers,
                                             "KEY_PREFIX": "shop", "VERSION": 1,
                                             "OPTIONS": json.loads(sys.argv[5])}})
      django.setup()
      from django.core.cache import cache
      values = {
          "greeting": "h\\u00e9llo w\\u00f6rld",
          "big": 2 ** 70,
          "profile": {"name": "Ada", "tags": ["admin", "ops"], "age": 36, "ratio": 0.25, "active": True},
          "recent": [1, "two", 3.5, None, [4, 5]],
          "nothing": None,
          "record": {"id": 7, "email": "ada@example.com", "roles": ("admin", "dev"),
                     "created": "2026-12-02T10:00:00Z", "score": 9.5},
          "raw": b"\\x00\\x01bytes",
          "flag": True,
      }
      many = {"many:%d" % i: "value %d" % i for i in range(int(sys.argv[4]))}
      if mode == "write":
          for k, v in values.items():
              cache.set(k, v)
          cache.set("count", 41)
          print("incr", cache.incr("count"))
          assert cache.set_many(many) == []
          cache.set("greeting", "version two", version=2)
          print("done")
      else:
          def same(a, b):
              return type(a) is type(b) and a == b
          checked = 0
          for k, v in values.items():
              got = cache.get(k, default="MISSING")
              print("ok" if same(got, v) else "MISMATCH", k, repr(got)); checked += 1
          got = cache.get_many(list(many))
          for k, v in many.items():
              if not same(got.get(k), v): print("MISMATCH", k, repr(got.get(k)))
              checked += 1
          print("ok" if cache.get("count") == 42 else "MISMATCH", "count", cache.get("count")); checked += 1
          print("ok" if cache.incr("count") == 43 else "MISMATCH", "incr after the JVM's")
          got = cache.get("greeting", version=2)
          print("ok" if got == "version two" else "MISMATCH", "greeting v2", repr(got)); checked += 1
          print("checked", checked)
      """;

  /** The JVM equivalents of the script's values, as the codec reads and writes them. */
  static Map<String, Object> values(Backend backend) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("greeting", "h\u00e9llo w\u00f6rld");
    v.put("big", BigInteger.TWO.pow(70));
    v.put(
        "profile",
        map(
            "name",
            "Ada",
            "tags",
            List.of("admin", "ops"),
            "age",
            36L,
            "ratio",
            0.25,
            "active",
            true));
    v.put("recent", Arrays.asList(1L, "two", 3.5, null, List.of(4L, 5L)));
    v.put("nothing", null);
    v.put(
        "record",
        map(
            "id",
            7L,
            "email",
            "ada@example.com",
            "roles",
            dev.memcache.core.codec.PythonTuple.of("admin", "dev"),
            "created",
            "2026-12-02T10:00:00Z",
            "score",
            9.5));
    v.put("raw", new byte[] {0, 1, 'b', 'y', 't', 'e', 's'});
    v.put("flag", backend == null ? Boolean.TRUE : backend.trueReadByJvm);
    return v;
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static List<String> manyKeys() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < MANY; i++) keys.add("many:" + i);
    return keys;
  }

  static MemcacheClient.Builder jvm(Backend backend, int version) {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .distribution(backend.distribution)
        .keys(DjangoKeys.of(PREFIX, version));
  }

  static String django(Backend backend, String mode) {
    return DebianPython.run(
        SCRIPT,
        "",
        backend.django,
        mode,
        String.join(",", fleet().addresses()),
        Integer.toString(MANY),
        backend.options);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void valuesDjangoWritesAreReadByTheJvmUnderDjangosKeyNamesFromTheSameServers(Backend backend) {
    String out = django(backend, "write");
    assertTrue(out.contains("incr 42") && out.contains("done"), out);
    int values = 0;
    try (MemcacheClient client = jvm(backend, 1).build();
        MemcacheClient v2 = jvm(backend, 2).build()) {
      Map<String, Object> expected = values(backend);
      Map<String, Object> all = client.getMulti(new ArrayList<>(expected.keySet()));
      for (var e : expected.entrySet()) {
        assertTrue(all.containsKey(e.getKey()), e.getKey() + " missing");
        if (e.getValue() instanceof byte[] b) {
          assertArrayEquals(b, (byte[]) all.get(e.getKey()), e.getKey());
          assertArrayEquals(b, (byte[]) client.get(e.getKey()), e.getKey());
        } else {
          assertEquals(e.getValue(), all.get(e.getKey()), e.getKey());
          assertEquals(e.getValue(), client.get(e.getKey()), e.getKey());
        }
        values++;
      }
      Map<String, Object> many = client.getMulti(manyKeys());
      for (int i = 0; i < MANY; i++) assertEquals("value " + i, many.get("many:" + i));
      values += MANY;
      assertEquals(42L, client.get("count"), "Django's cache.incr");
      assertEquals(43L, client.incr("count", 1), "the JVM increments Django's counter");
      values++;
      assertEquals("version two", v2.get("greeting"), "version=2");
      values++;
      int keys = assertSameServers(backend, client.config());
      System.out.printf(
          "Django %s -> JVM: %d values read, %d keys on the servers Django chose%n",
          backend, values, keys);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void valuesTheJvmWritesAreReadByDjangosGetAndGetMany(Backend backend) {
    try (MemcacheClient client = jvm(backend, 1).build();
        MemcacheClient v2 = jvm(backend, 2).build()) {
      for (var e : values(null).entrySet()) assertTrue(client.set(e.getKey(), e.getValue()));
      for (int i = 0; i < MANY; i++) assertTrue(client.set("many:" + i, "value " + i));
      assertTrue(client.set("count", 41L));
      assertEquals(42L, client.incr("count", 1));
      assertTrue(v2.set("greeting", "version two"));
      int keys = assertSameServers(backend, client.config());
      String out = django(backend, "read");
      assertTrue(!out.contains("MISMATCH"), out);
      int checked = Integer.parseInt(out.replaceAll("(?s).*checked (\\d+).*", "$1"));
      assertEquals(values(null).size() + MANY + 2, checked, out);
      System.out.printf(
          "JVM -> Django %s: %d values read by cache.get/get_many, %d keys on the servers the JVM"
              + " chose%n",
          backend, checked, keys);
    }
  }

  @Test
  void djangosKeyRulesAreTheKeyFunctionsRules() {
    DjangoKeys keys = DjangoKeys.of(PREFIX, 1);
    assertEquals("shop:1:cart", keys.apply("cart"));
    assertEquals(":1:cart", DjangoKeys.of("", 1).apply("cart"), "Django's defaults");
    assertEquals("shop:3:cart", keys.version(3).apply("cart"));
    // Django counts characters, not bytes: 243 + 'shop:1:' is 250 characters, 493 bytes
    assertEquals(250, keys.apply("\u00e9".repeat(243)).codePointCount(0, 250));
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> keys.apply("x".repeat(244)))
            .getMessage()
            .contains("longer than 250"));
    assertTrue(
        assertThrows(InvalidKeyException.class, () -> keys.apply("a b"))
            .getMessage()
            .contains("characters that will cause errors"));
    assertThrows(InvalidKeyException.class, () -> keys.apply("a\u007fb"));
    String out =
        DebianPython.run(
            """
            import django
            from django.conf import settings
            settings.configure(CACHES={"default": {
                "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                "LOCATION": "127.0.0.1:1", "KEY_PREFIX": "shop"}})
            django.setup()
            from django.core.cache import cache
            from django.core.cache.backends.base import InvalidCacheKey
            for key in ["x" * 243, "x" * 244, "a b", "a\\x7fb", "\\u00e9" * 243]:
                try:
                    cache.validate_key(cache.make_key(key)); print("valid")
                except InvalidCacheKey:
                    print("invalid")
            """,
            "");
    List<String> jvm = new ArrayList<>();
    for (String key :
        List.of("x".repeat(243), "x".repeat(244), "a b", "a\u007fb", "\u00e9".repeat(243))) {
      try {
        keys.apply(key);
        jvm.add("valid");
      } catch (InvalidKeyException e) {
        jvm.add("invalid");
      }
    }
    assertEquals(String.join("\n", jvm), out.strip(), "Django's validate_key and ours");
  }

  /**
   * Every Django key of the test is on the one server our locator picks for it, and every server
   * holds some: returns how many keys were checked.
   */
  static int assertSameServers(Backend backend, ClientConfig config) {
    DjangoKeys keys = DjangoKeys.of(PREFIX, 1);
    List<String> stored = new ArrayList<>();
    for (String k : values(backend).keySet()) stored.add(keys.apply(k));
    for (String k : manyKeys()) stored.add(keys.apply(k));
    stored.add(keys.apply("count"));
    stored.add(keys.version(2).apply("greeting"));
    int[] found = fleet().locate(stored);
    NodeLocator locator =
        Routing.locator(config.distribution(), config.hashAlgorithm(), config.servers());
    int[] perServer = new int[3];
    for (int i = 0; i < stored.size(); i++) {
      int expected = locator.serverFor(stored.get(i).getBytes(StandardCharsets.UTF_8));
      assertEquals(expected, found[i], stored.get(i) + " with " + backend);
      perServer[found[i]]++;
    }
    for (int n : perServer)
      assertTrue(n > 0, "every server holds keys: " + Arrays.toString(perServer));
    return stored.size();
  }
}
