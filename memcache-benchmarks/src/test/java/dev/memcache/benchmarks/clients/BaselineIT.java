package dev.memcache.benchmarks.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.core.Protocol;
import dev.memcache.testkit.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code before-ours}: our client as another build's jar has it, in a class loader of its own, run
 * against a real memcached beside this build's. The other build here is this module's own shaded
 * jar (Failsafe runs after {@code package}), loaded a second time.
 */
class BaselineIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final Path JAR = Path.of("target", "benchmarks.jar");

  @AfterEach
  void clearProperties() {
    System.clearProperty("bench.baseline");
    System.clearProperty("bench.clients");
  }

  @Test
  void theBaselinesClientRunsOnItsOwnCopyOfOurs() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "the shaded jar is built before the integration tests");
    System.setProperty("bench.baseline", JAR.toString());
    ClientSpec before = ClientSpec.forNames(List.of("before-ours-binary")).get(0);
    assertEquals("before-ours-binary", before.name());
    assertTrue(!before.peer() && !before.raw() && before.hasNoReply());

    BenchSettings settings = BenchSettings.fromSystemProperties();
    byte[] value = "written by the old build".getBytes(StandardCharsets.UTF_8);
    try (ClientAdapter old = before.factory().open(List.of(memcached.address()), settings);
        ClientAdapter current =
            ClientSpec.forNames(List.of("ours"))
                .get(0)
                .factory()
                .open(List.of(memcached.address()), settings)) {
      // Its own classes: the adapter, and the client and protocol enum behind it
      ClassLoader loader = old.getClass().getClassLoader();
      assertNotSame(ClientSpec.class.getClassLoader(), loader);
      assertEquals(
          ClientSpec.class.getName().replace("ClientSpec", "OursAdapter"),
          old.getClass().getName());
      assertNotSame(Protocol.class, loader.loadClass(Protocol.class.getName()));
      // ... and the benchmark's shared types
      assertSame(ClientAdapter.class, loader.loadClass(ClientAdapter.class.getName()));
      assertSame(BenchSettings.class, loader.loadClass(BenchSettings.class.getName()));

      assertTrue(old.set("baseline:k", value));
      assertArrayEquals(value, current.get("baseline:k")); // the same bytes and flags on the wire
      assertTrue(current.set("baseline:j", value));
      assertArrayEquals(value, old.get("baseline:j"));
      Map<String, ?> both = old.getMulti(List.of("baseline:k", "baseline:j", "baseline:none"));
      assertEquals(2, both.size());
      old.setNoReply("baseline:n", value);
      assertArrayEquals(value, old.get("baseline:n"));
    }
    // A second client of the old build shares its loader: its classes load (and warm up) once
    ClientSpec again = ClientSpec.forNames(List.of("before-ours")).get(0);
    try (ClientAdapter old = again.factory().open(List.of(memcached.address()), settings)) {
      assertArrayEquals(value, old.get("baseline:k"));
    }
  }

  @Test
  void theSettingsListBaselineClientsBesideTheirTwinsAndOnlyWithAJar() {
    System.setProperty("bench.clients", "before-ours,folsom-ascii,before-ours-meta,ours");
    IllegalArgumentException noJar =
        assertThrows(IllegalArgumentException.class, BenchSettings::fromSystemProperties);
    assertTrue(noJar.getMessage().contains("-Dbench.baseline="), noJar.getMessage());

    System.setProperty("bench.baseline", JAR.toString());
    assertEquals(
        List.of("ours", "before-ours", "folsom-ascii", "before-ours-meta"),
        BenchSettings.fromSystemProperties().clients());

    // Without a list of clients: every one, and the older build's ours beside ours
    System.clearProperty("bench.clients");
    List<String> all = BenchSettings.fromSystemProperties().clients();
    assertEquals(BenchSettings.ALL_CLIENTS.size() + 1, all.size());
    assertEquals("before-ours", all.get(all.indexOf("ours") + 1));
    System.clearProperty("bench.baseline");
    assertEquals(BenchSettings.ALL_CLIENTS, BenchSettings.fromSystemProperties().clients());

    System.setProperty("bench.baseline", JAR.toString());
    System.setProperty("bench.clients", "before-memcachier");
    assertThrows(IllegalArgumentException.class, BenchSettings::fromSystemProperties);
    IllegalArgumentException peer =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientSpec.forNames(List.of("before-spymemcached")));
    assertTrue(peer.getMessage().contains("only our own clients"), peer.getMessage());
  }
}
