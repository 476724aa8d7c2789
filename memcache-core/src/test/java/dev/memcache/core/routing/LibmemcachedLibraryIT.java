package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.LibmemcachedHashes;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asks the libmemcached that pylibmc runs on (Debian's libmemcached.so.11, through Python's ctypes)
 * where keys go, for set-ups that real servers on free loopback ports cannot show: port 11211
 * ({@code "host-i"} points), host names, IPv6, ten servers with uneven weights (where the point
 * counts depend on libmemcached's single-precision arithmetic). No server is contacted.
 */
class LibmemcachedLibraryIT {
  private static final List<String> KEYS = TestKeys.mixed(2000);
  private static final String SCRIPT =
      """
      import ctypes, json, sys
      import pylibmc  # its tables hold libmemcached's own enum values
      lib = ctypes.CDLL("libmemcached.so.11")
      hk = ctypes.CDLL("libhashkit.so.2")
      lib.memcached_create.restype = ctypes.c_void_p
      lib.memcached_create.argtypes = [ctypes.c_void_p]
      lib.memcached_free.argtypes = [ctypes.c_void_p]
      lib.memcached_behavior_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64]
      lib.memcached_server_add_with_weight.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint16, ctypes.c_uint32]
      lib.memcached_generate_hash.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
      lib.memcached_generate_hash.restype = ctypes.c_uint32
      lib.libmemcached_string_behavior.restype = ctypes.c_char_p
      hk.libhashkit_digest.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
      hk.libhashkit_digest.restype = ctypes.c_uint32
      behavior = {"hash": 2, "distribution": 9, "ketama_weighted": 16}
      for name, number in behavior.items():
          assert lib.libmemcached_string_behavior(number) == ("MEMCACHED_BEHAVIOR_" + name.upper()).encode()
      req = json.loads(sys.argv[1])
      keys = [k.encode() for k in sys.stdin.read().split("\\n")[:-1]]
      for name in req["hashes"]:
          print("digest", name, *[hk.libhashkit_digest(k, len(k), pylibmc.hashers[name]) for k in keys])
      for i, cfg in enumerate(req["configs"]):
          m = lib.memcached_create(None)
          for name, value in cfg["behaviors"].items():  # behaviors first, servers after: as pylibmc
              number = pylibmc.hashers[value] if name == "hash" else pylibmc.distributions[value] if name == "distribution" else value
              assert lib.memcached_behavior_set(m, behavior[name], number) == 0, (name, value)
          for h, p, w in cfg["servers"]:
              assert lib.memcached_server_add_with_weight(m, h.encode(), p, w) == 0, (h, p, w)
          print("placement", i, *[lib.memcached_generate_hash(m, k, len(k)) for k in keys])
          lib.memcached_free(m)
      """;

  private static final List<Setup> SETUPS =
      List.of(
          new Setup(
              Map.of("distribution", "consistent"),
              servers("10.0.0.1:11211", "10.0.0.2:11211", "cache-c.example:11211"),
              Distribution.LIBMEMCACHED_CONSISTENT,
              null),
          new Setup(
              Map.of("distribution", "consistent", "hash", "md5"),
              servers(
                  "10.0.0.1:11211",
                  "10.0.0.1:11212",
                  "cache-c.example:11211",
                  "[::1]:11211",
                  "[fe80::2]:11300"),
              Distribution.LIBMEMCACHED_CONSISTENT,
              HashAlgorithm.MD5),
          new Setup(
              Map.of("ketama_weighted", 1),
              weighted(new int[] {3, 4, 1, 2, 1, 1, 3, 2, 4, 4}),
              Distribution.LIBMEMCACHED_KETAMA_WEIGHTED,
              null),
          new Setup(
              Map.of("distribution", "consistent"),
              weighted(new int[] {15, 11, 37, 31, 31}),
              Distribution.LIBMEMCACHED_CONSISTENT,
              null),
          new Setup(
              Map.of("distribution", "consistent", "hash", "jenkins"),
              weighted(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}),
              Distribution.LIBMEMCACHED_CONSISTENT,
              HashAlgorithm.JENKINS),
          new Setup(
              Map.of("hash", "fnv1a_64"),
              weighted(new int[] {1, 1, 1, 1, 1, 1, 1}),
              Distribution.LIBMEMCACHED_MODULA,
              HashAlgorithm.FNV1A_64));

  private static final Map<String, long[]> digests = new HashMap<>();
  private static final List<int[]> placements = new ArrayList<>();

  record Setup(
      Map<String, Object> behaviors,
      List<ServerAddress> servers,
      Distribution distribution,
      HashAlgorithm hash) {}

  @BeforeAll
  static void askLibmemcached() {
    DebianPython.requireModules("pylibmc");
    List<Object> hashes = new ArrayList<>();
    for (HashAlgorithm h : HashAlgorithm.values()) hashes.add(PylibmcSetups.hashName(h));
    List<Object> configs = new ArrayList<>();
    for (Setup s : SETUPS) {
      List<Object> list = new ArrayList<>();
      for (ServerAddress a : s.servers()) list.add(List.of(a.host(), a.port(), a.weight()));
      configs.add(Map.of("behaviors", s.behaviors(), "servers", list));
    }
    String request = PythonWriter.json(Map.of("hashes", hashes, "configs", configs));
    for (String line : DebianPython.run(SCRIPT, TestKeys.lines(KEYS), request).split("\n")) {
      String[] f = line.split(" ");
      long[] numbers = new long[f.length - 2];
      for (int i = 0; i < numbers.length; i++) numbers[i] = Long.parseLong(f[i + 2]);
      if (f[0].equals("digest")) digests.put(f[1], numbers);
      else placements.add(java.util.Arrays.stream(numbers).mapToInt(n -> (int) n).toArray());
    }
  }

  @Test
  void everyHashEqualsLibhashkitsDigestOnEveryKey() {
    for (HashAlgorithm h : HashAlgorithm.values()) {
      long[] expected = digests.get(PylibmcSetups.hashName(h));
      for (int i = 0; i < KEYS.size(); i++) {
        long actual =
            Integer.toUnsignedLong(
                LibmemcachedHashes.hash(h, KEYS.get(i).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected[i], actual, h + " of " + KEYS.get(i));
      }
    }
  }

  @Test
  void everyKeyGoesWhereLibmemcachedSendsItInSetupsLoopbackServersCannotShow() {
    for (int s = 0; s < SETUPS.size(); s++) {
      Setup setup = SETUPS.get(s);
      NodeLocator locator = Routing.locator(setup.distribution(), setup.hash(), setup.servers());
      for (int i = 0; i < KEYS.size(); i++) {
        int ours = locator.serverFor(KEYS.get(i).getBytes(StandardCharsets.UTF_8));
        assertEquals(placements.get(s)[i], ours, "key " + KEYS.get(i) + " in " + setup);
      }
    }
  }

  private static List<ServerAddress> servers(String... addresses) {
    return java.util.Arrays.stream(addresses).map(ServerAddress::parse).toList();
  }

  private static List<ServerAddress> weighted(int[] weights) {
    List<ServerAddress> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++)
      out.add(new ServerAddress("10.0.0." + (i + 1), 11211, weights[i]));
    return out;
  }
}
