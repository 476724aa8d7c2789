package dev.memcache.core.routing;

import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Three real memcached servers, emptied before each test: a Python client writes {@link #KEYS}
 * through its own routing, the servers say where each key landed, and our locator must agree.
 */
abstract class PythonWritesThreeServers {
  static final List<String> KEYS = TestKeys.mixed(2000);

  static MemcachedFleet fleet;

  @BeforeAll
  static void startServers() {
    fleet = new MemcachedFleet(3);
  }

  @AfterAll
  static void stopServers() {
    if (fleet != null) fleet.close();
  }

  @BeforeEach
  void emptyServers() {
    fleet.flushAll();
  }
}
