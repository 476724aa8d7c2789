package dev.memcache.core.routing;

import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three real memcached servers, emptied before each test: a Python client writes {@link #KEYS}
 * through its own routing, the servers say where each key landed, and our locator must agree.
 */
abstract class PythonWritesThreeServers {
  static final List<String> KEYS = TestKeys.mixed(2000);

  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(3);

  static MemcachedFleet fleet() {
    return servers.fleet();
  }
}
