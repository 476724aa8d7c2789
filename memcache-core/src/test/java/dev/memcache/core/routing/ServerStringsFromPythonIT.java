package dev.memcache.core.routing;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.testkit.MemcachedServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Server lists copied verbatim from a Python service's configuration: the Python client writes
 * through them, the same strings go into our builder, and every key must be where the Python client
 * put it (so the strings mean the same hosts, ports and weights on both sides).
 */
class ServerStringsFromPythonIT extends PythonWritesThreeServers {
  static String hostPort(int i) {
    MemcachedServer s = fleet().servers().get(i);
    return s.host() + ":" + s.port();
  }

  @Test
  void pylibmcsHostPortWeightStringsPlaceKeysAsPylibmcDoes() {
    List<String> specs = List.of(hostPort(0) + ":1", hostPort(1) + ":2", hostPort(2) + ":3");
    String version =
        PythonWriter.pylibmc(Placement.servers(fleet(), 1, 2, 3), Map.of("ketama", true))
            .withServerSpecs(specs)
            .write(KEYS);
    ClientConfig config =
        ClientConfig.builder()
            .servers(specs)
            .distribution(Distribution.LIBMEMCACHED_CONSISTENT)
            .buildConfig();
    Placement.assertSame(
        Routing.locator(config.distribution(), null, config.servers()),
        KEYS,
        fleet().locate(KEYS),
        3,
        version + " with servers " + specs);
  }

  @Test
  void pythonMemcachedsWeightTuplesAndInetPrefixPlaceKeysAsPythonMemcachedDoes() {
    List<List<Object>> specs =
        List.of(
            List.of("inet:" + hostPort(0), 1),
            List.of(hostPort(1), 3),
            List.of("inet:" + hostPort(2), 2));
    String version =
        PythonWriter.pythonMemcached(Placement.servers(fleet(), 1, 3, 2))
            .withServerSpecs(specs)
            .write(KEYS);
    ClientConfig.Builder<?> builder =
        ClientConfig.builder().distribution(Distribution.PYTHON_MEMCACHED_LEGACY);
    for (List<Object> s : specs) builder.server((String) s.get(0), (Integer) s.get(1));
    ClientConfig config = builder.buildConfig();
    Placement.assertSame(
        Routing.locator(config.distribution(), null, config.servers()),
        KEYS,
        fleet().locate(KEYS),
        3,
        version + " with servers " + specs);
  }
}
