package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The unit phase's guard: under Surefire (mvn test) the kit refuses to start a server, failing with
 * the fix, so a test that needs one but is not named *IT cannot pass by luck on a machine that has
 * memcached, twemproxy or Python installed.
 */
class UnitPhaseTest {
  private static void assertRefused(String what, Executable start) {
    IllegalStateException e = assertThrows(IllegalStateException.class, start);
    assertAll(
        () ->
            assertTrue(
                e.getMessage().startsWith("dev.memcache.testkit.UnitPhaseTest needs "),
                e.getMessage()),
        () -> assertTrue(e.getMessage().contains(what), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("name the test class *IT"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("mvn verify"), e.getMessage()));
  }

  @Test
  void surefireMarksTheUnitPhase() {
    assertTrue(
        Boolean.getBoolean(UnitPhase.PROPERTY), "the build's Surefire sets " + UnitPhase.PROPERTY);
  }

  @Test
  void memcachedIsRefusedWhetherStartedDirectlyOrByAFleet() {
    MemcachedServer server = MemcachedServer.builder().build();
    assertRefused("a real memcached", server::start);
    assertFalse(server.isRunning());
    assertRefused("a real memcached", MemcachedServer::startDefault);
    assertRefused("a real memcached", () -> new MemcachedFleet(2).close());
  }

  @Test
  void twemproxyAndPythonAreRefused() {
    assertRefused("a real twemproxy", () -> TwemproxyServer.start(List.of()).close());
    assertRefused("Debian's python3", () -> DebianPython.run("print(1)", ""));
    assertRefused("Debian's python3", () -> DebianPython.requireModules("memcache"));
  }

  @Test
  void outsideTheUnitPhaseTheGuardLetsEverythingStart() {
    System.clearProperty(UnitPhase.PROPERTY);
    try {
      assertDoesNotThrow(() -> UnitPhase.refuse("a real memcached"));
    } finally {
      System.setProperty(UnitPhase.PROPERTY, "true");
    }
  }
}
