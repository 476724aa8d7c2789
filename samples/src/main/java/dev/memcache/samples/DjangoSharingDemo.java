package dev.memcache.samples;

import dev.memcache.core.Distribution;
import dev.memcache.core.codec.PythonTuple;
import dev.memcache.core.keys.DjangoKeys;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM service and a Django site sharing one cache over several memcached servers: the JVM stores
 * a cart, a greeting and a stock counter; {@code django_shares_with_jvm.py} reads them with
 * Django's {@code cache.get_many}, increments the counter, and stores a session, two products and a
 * versioned banner, which the JVM reads under the same key names.
 *
 * <p>The JVM mirrors the Django site's {@code CACHES} setting: {@code LOCATION} is the server list
 * (same order), {@code PyMemcacheCache} is {@link Distribution#PYMEMCACHE_RENDEZVOUS} with the
 * default codec, and {@code KEY_PREFIX}/{@code VERSION} are {@link DjangoKeys#of}.
 *
 * <p>Needs Debian's {@code /usr/bin/python3} with {@code python3-django} and {@code
 * python3-pymemcache}. Uses every server in {@code MEMCACHED_SERVERS}; without it, starts two local
 * memcached servers and stops them at the end.
 */
public final class DjangoSharingDemo {
  static final String INSTALL = "apt-get install -y python3 python3-django python3-pymemcache";

  private DjangoSharingDemo() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String configured = System.getenv("MEMCACHED_SERVERS");
    List<MemcachedServer> local = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    if (configured == null || configured.isBlank()) {
      for (int i = 0; i < 2; i++) local.add(MemcachedServer.startDefault());
      local.forEach(s -> servers.add(s.address()));
      System.out.println("Started local memcached servers at " + servers);
    } else {
      for (String s : configured.split(",")) servers.add(s.trim());
      System.out.println("Using memcached at " + servers);
    }
    boolean ok;
    try (MemcacheClient cache = client(servers)) {
      ok = fromDjango().equals(share(cache, servers, System.out));
    } finally {
      local.forEach(MemcachedServer::stop);
    }
    System.out.println(
        ok ? "Django and the JVM read what the other wrote." : "MISMATCH: see above");
    if (!ok) System.exit(1);
  }

  /** The JVM side of the Django site's CACHES setting. */
  static MemcacheClient client(List<String> servers) {
    return MemcacheClient.builder()
        .servers(servers) // LOCATION, in the same order
        .distribution(Distribution.PYMEMCACHE_RENDEZVOUS) // PyMemcacheCache (the default)
        .keys(DjangoKeys.of("shop", 1)) // KEY_PREFIX, VERSION
        .operationTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** What the JVM stores; the script expects exactly these (its {@code EXPECTED}). */
  static Map<String, Object> jvmValues() {
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("items", List.of(Map.of("sku", "A-1", "qty", 2), Map.of("sku", "B-7", "qty", 1)));
    cart.put("total", 31.5);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("cart:42", cart);
    values.put("greeting", "héllo from the JVM");
    values.put("stock:A-1", 17);
    return values;
  }

  /** What the script stores, as the JVM reads it (the stock after Django's incr included). */
  static Map<String, Object> fromDjango() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(
        "session:7",
        Map.of("user", "ada", "roles", PythonTuple.of("admin", "dev"), "remember", true));
    values.put("product:A-1", "Anvil");
    values.put("product:B-7", "Bellows");
    values.put("stock:A-1", 18L);
    values.put("banner v2", "version two banner");
    return values;
  }

  /**
   * Stores {@link #jvmValues()}, runs the Django script against {@code servers} and returns what it
   * wrote, printing both sides to {@code out}.
   *
   * @throws IllegalStateException when the script fails or finds a value other than the JVM stored
   */
  static Map<String, Object> share(MemcacheClient cache, List<String> servers, PrintStream out)
      throws IOException, InterruptedException {
    jvmValues().forEach(cache::set);
    out.println("JVM stored " + String.join(", ", jvmValues().keySet()) + " as shop:1:<key>");
    String printed =
        PythonSharingDemo.runScript(
            "/django_shares_with_jvm.py", INSTALL, String.join(",", servers));
    for (String line : printed.split("\n")) out.println("  django> " + line);

    Map<String, Object> back =
        new LinkedHashMap<>(
            cache.getMulti(List.of("session:7", "product:A-1", "product:B-7", "stock:A-1")));
    // cache.set("banner", ..., version=2) is the key of DjangoKeys.of("shop", 2)
    try (MemcacheClient v2 =
        MemcacheClient.builder().copyFrom(cache.config()).keys(DjangoKeys.of("shop", 2)).build()) {
      back.put("banner v2", v2.get("banner"));
    }
    out.println("JVM read:");
    back.forEach((key, value) -> out.printf("  %-11s %s%n", key, value));
    return back;
  }
}
