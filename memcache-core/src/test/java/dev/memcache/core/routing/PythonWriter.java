package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ServerAddress;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.TestKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Has a real Python client write keys to a set of servers, configured as a Python service would
 * configure it. Build with the static factories, adjust, then {@link #write}.
 */
public final class PythonWriter {
  private static final String SCRIPT =
      """
      import json, sys, time
      cfg = json.loads(sys.argv[1])
      keys = sys.stdin.read().split("\\n")[:-1]
      servers, prefix, dead = cfg["servers"], cfg["key_prefix"], cfg["dead"]
      kind = cfg["client"]
      if kind == "python-memcached":
          import memcache, binascii
          version = memcache.__version__
          if cfg["no_or_1"]:
              # python-memcached 1.60+ hash (upstream PR #152): the same without "or 1"
              memcache.serverHashFunction = lambda k: ((binascii.crc32(k) & 0xffffffff) >> 16) & 0x7fff
              version += " with the 1.60 hash"
          if cfg["old_hash"]:
              memcache.useOldServerHashFunction()  # crc32(key) % buckets
              version += " with useOldServerHashFunction()"
          specs = cfg["specs"] or [("%s:%d" % (h, p), w) for h, p, w in servers]
          mc = memcache.Client([tuple(s) if isinstance(s, list) else s for s in specs], socket_timeout=2)
          if dead is not None:
              mc.servers[dead].deaduntil = time.time() + 3600  # what mark_dead() does
          if prefix:
              failed = mc.set_multi({k: "v" for k in keys}, key_prefix=prefix)
          else:
              failed = [k for k in keys if not mc.set(k, "v")]
      elif kind == "pylibmc":
          import pylibmc
          version = pylibmc.__version__ + " on libmemcached " + pylibmc.libmemcached_version
          specs = cfg["specs"] or ["%s:%d:%d" % (h, p, w) for h, p, w in servers]
          mc = pylibmc.Client(specs, behaviors=cfg["behaviors"])
          failed = [k for k in keys if not mc.set(k, "v")]
      elif kind == "pymemcache":
          import pymemcache
          from pymemcache.client.hash import HashClient
          version = pymemcache.__version__
          mc = HashClient([(h, p) for h, p, w in servers], allow_unicode_keys=True, default_noreply=False,
                          key_prefix=prefix.encode(), connect_timeout=2, timeout=2)
          if dead is not None:
              h, p, w = servers[dead]
              mc.hasher.remove_node("%s:%d" % (h, p))  # what HashClient does to a dead server
          failed = [k for k in keys if not mc.set(k, "v")]
      print(json.dumps({"version": kind + " " + version, "failed": list(failed)}))
      """;

  private final String client;
  private final List<ServerAddress> servers;
  private final Map<String, Object> behaviors = new LinkedHashMap<>();
  private boolean noOr1;
  private boolean oldHash;
  private List<Object> specs;
  private Integer dead;
  private String keyPrefix = "";

  private PythonWriter(String client, List<ServerAddress> servers) {
    this.client = client;
    this.servers = servers;
  }

  /** python-memcached's {@code memcache.Client} with {@code ("host:port", weight)} servers. */
  public static PythonWriter pythonMemcached(List<ServerAddress> servers) {
    return new PythonWriter("python-memcached", servers);
  }

  /** pylibmc's {@code Client} with {@code "host:port:weight"} servers and these behaviors. */
  public static PythonWriter pylibmc(List<ServerAddress> servers, Map<String, ?> behaviors) {
    PythonWriter w = new PythonWriter("pylibmc", servers);
    w.behaviors.putAll(behaviors);
    return w;
  }

  /**
   * pymemcache's {@code HashClient} with {@code allow_unicode_keys=True}, as Django configures it.
   */
  public static PythonWriter pymemcache(List<ServerAddress> servers) {
    return new PythonWriter("pymemcache", servers);
  }

  /** python-memcached only: replace its hash with the 1.60+ one (no {@code or 1}). */
  public PythonWriter withoutOr1() {
    this.noOr1 = true;
    return this;
  }

  /** python-memcached only: {@code memcache.useOldServerHashFunction()} before writing. */
  public PythonWriter withOldServerHashFunction() {
    this.oldHash = true;
    return this;
  }

  /**
   * Gives the client these server specs verbatim instead of ones made from the servers: strings, or
   * {@code List.of("host:port", weight)} for python-memcached's tuples. The servers passed to the
   * factory must still be the same ones, in the same order.
   */
  public PythonWriter withServerSpecs(List<?> specs) {
    this.specs = List.copyOf(specs);
    return this;
  }

  /**
   * Marks server {@code index} dead in the client before writing (python-memcached, pymemcache).
   */
  public PythonWriter withDeadServer(int index) {
    this.dead = index;
    return this;
  }

  /** Writes with this key prefix (python-memcached's set_multi argument, pymemcache's option). */
  public PythonWriter withKeyPrefix(String prefix) {
    this.keyPrefix = prefix;
    return this;
  }

  /**
   * Writes every key (value "v") and returns the client's version line; fails if any write failed.
   */
  public String write(List<String> keys) {
    String out = DebianPython.run(SCRIPT, TestKeys.lines(keys), json(config())).strip();
    String last = out.substring(out.lastIndexOf('\n') + 1);
    assertTrue(last.contains("\"failed\": []"), "Python could not store some keys: " + out);
    return last.replaceAll(".*\"version\": \"([^\"]*)\".*", "$1");
  }

  private Map<String, Object> config() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("client", client);
    List<Object> list = new ArrayList<>();
    for (ServerAddress s : servers) list.add(List.of(s.host(), s.port(), s.weight()));
    cfg.put("servers", list);
    cfg.put("behaviors", behaviors);
    cfg.put("no_or_1", noOr1);
    cfg.put("old_hash", oldHash);
    cfg.put("specs", specs);
    cfg.put("dead", dead);
    cfg.put("key_prefix", keyPrefix);
    return cfg;
  }

  /** Just enough JSON for the config: maps, lists, ASCII strings, numbers, booleans, null. */
  static String json(Object o) {
    if (o == null) return "null";
    if (o instanceof String s) return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    if (o instanceof Number || o instanceof Boolean) return o.toString();
    if (o instanceof List<?> l)
      return l.stream().map(PythonWriter::json).collect(Collectors.joining(", ", "[", "]"));
    if (o instanceof Map<?, ?> m) {
      return m.entrySet().stream()
          .map(e -> json(e.getKey().toString()) + ": " + json(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
    }
    throw new IllegalArgumentException("no JSON for " + o);
  }
}
