package dev.memcache.java.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.java.routing.JvmWritesThreeServers.Readback;
import dev.memcache.java.routing.JvmWritesThreeServers.Reading;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.TestKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Has a real Python client read keys back through its own routing, configured as a Python service
 * would configure it. For each key it reports the value found and, where the client says which
 * server it chose, that server's index.
 */
final class PythonReader {
  private static final String SCRIPT =
      """
      import json, sys
      cfg = json.loads(sys.argv[1])
      keys = sys.stdin.read().split("\\n")[:-1]
      servers, prefix, kind = cfg["servers"], cfg["key_prefix"], cfg["client"]
      names = ["%s:%d" % (h, p) for h, p, w in servers]
      if kind == "python-memcached":
          import memcache, binascii
          version = memcache.__version__
          if cfg["no_or_1"]:
              # python-memcached 1.60+ hash (upstream PR #152): the same without "or 1"
              memcache.serverHashFunction = lambda k: ((binascii.crc32(k) & 0xffffffff) >> 16) & 0x7fff
          if cfg["old_hash"]:
              memcache.useOldServerHashFunction()  # crc32(key) % buckets
          mc = memcache.Client([("%s:%d" % (h, p), w) for h, p, w in servers], socket_timeout=2)
          # get_multi hashes key_prefix + key, as set_multi does
          values = mc.get_multi(keys, key_prefix=prefix) if prefix else {k: mc.get(k) for k in keys}
          chosen = [mc.servers.index(mc._get_server(mc._encode_key(prefix + k))[0]) for k in keys]
      elif kind == "pylibmc":
          import pylibmc
          version = pylibmc.__version__ + " on libmemcached " + pylibmc.libmemcached_version
          mc = pylibmc.Client(["%s:%d:%d" % (h, p, w) for h, p, w in servers], behaviors=cfg["behaviors"])
          # pylibmc has no key prefix: the service puts it in the key, and libmemcached hashes it all
          values = {k: mc.get(prefix + k) for k in keys}
          chosen = [-1] * len(keys)  # pylibmc does not say; one get asks one server (no replicas)
      elif kind == "pymemcache":
          import pymemcache
          from pymemcache.client.hash import HashClient
          version = pymemcache.__version__
          mc = HashClient([(h, p) for h, p, w in servers], allow_unicode_keys=True, key_prefix=prefix.encode(),
                          connect_timeout=2, timeout=2)
          values = {k: mc.get(k) for k in keys}
          chosen = [names.index(mc.hasher.get_node(k)) for k in keys]
      print(kind + " " + version)
      for k, c in zip(keys, chosen):
          v = values.get(k)
          print(c, "-" if v is None else v.decode() if isinstance(v, bytes) else v)
      """;

  private final String client;
  private final List<String> servers;
  private final Map<String, Object> behaviors = new LinkedHashMap<>();
  private boolean noOr1;
  private boolean oldHash;
  private String keyPrefix = "";

  private PythonReader(String client, List<String> servers) {
    this.client = client;
    this.servers = servers;
  }

  /** python-memcached's {@code memcache.Client} with {@code ("host:port", weight)} servers. */
  static PythonReader pythonMemcached(List<String> servers) {
    return new PythonReader("python-memcached", servers);
  }

  /** pylibmc's {@code Client} with {@code "host:port:weight"} servers and these behaviors. */
  static PythonReader pylibmc(List<String> servers, Map<String, ?> behaviors) {
    PythonReader r = new PythonReader("pylibmc", servers);
    r.behaviors.putAll(behaviors);
    return r;
  }

  /**
   * pymemcache's {@code HashClient} with {@code allow_unicode_keys=True}, as Django configures it.
   */
  static PythonReader pymemcache(List<String> servers) {
    return new PythonReader("pymemcache", servers);
  }

  /** python-memcached only: replace its hash with the 1.60+ one (no {@code or 1}). */
  PythonReader withoutOr1() {
    this.noOr1 = true;
    return this;
  }

  /** python-memcached only: {@code memcache.useOldServerHashFunction()} before reading. */
  PythonReader withOldServerHashFunction() {
    this.oldHash = true;
    return this;
  }

  /** Reads with this key prefix, the way the client supports one (see the script). */
  PythonReader withKeyPrefix(String prefix) {
    this.keyPrefix = prefix;
    return this;
  }

  /** What the client found, key by key in order, under its name and version. */
  Reading read(List<String> keys) {
    String out = DebianPython.run(SCRIPT, TestKeys.lines(keys), json(config()));
    String[] lines = out.split("\n");
    assertEquals(
        keys.size() + 1, lines.length, "Python printed an unexpected number of lines:\n" + out);
    List<Readback> readbacks = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int space = lines[i].indexOf(' ');
      String value = lines[i].substring(space + 1);
      readbacks.add(
          new Readback(
              value.equals("-") ? null : value, Integer.parseInt(lines[i].substring(0, space))));
    }
    return new Reading(lines[0], readbacks);
  }

  private Map<String, Object> config() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("client", client);
    List<Object> list = new ArrayList<>();
    for (String s : servers) {
      String[] hostPortWeight = s.split("[: ]");
      int weight = hostPortWeight.length > 2 ? Integer.parseInt(hostPortWeight[2]) : 1;
      list.add(List.of(hostPortWeight[0], Integer.parseInt(hostPortWeight[1]), weight));
    }
    cfg.put("servers", list);
    cfg.put("behaviors", behaviors);
    cfg.put("no_or_1", noOr1);
    cfg.put("old_hash", oldHash);
    cfg.put("key_prefix", keyPrefix);
    return cfg;
  }

  /** Just enough JSON for the config: maps, lists, ASCII strings, numbers, booleans. */
  private static String json(Object o) {
    if (o instanceof String s) return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    if (o instanceof Number || o instanceof Boolean) return o.toString();
    if (o instanceof List<?> l)
      return l.stream().map(PythonReader::json).collect(Collectors.joining(", ", "[", "]"));
    if (o instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> json(e.getKey().toString()) + ": " + json(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    throw new IllegalArgumentException("no JSON for " + o);
  }
}
