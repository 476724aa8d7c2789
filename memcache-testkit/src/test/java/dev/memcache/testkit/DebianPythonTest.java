package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The Python runner itself: output comes back, and a missing module fails loudly. */
class DebianPythonTest {
  @Test
  void aSnippetGetsItsArgumentsAndInputAndReturnsItsOutput() {
    String out =
        DebianPython.run("import sys; print(sys.argv[1], sys.stdin.read().strip())", "clé", "arg");
    assertEquals("arg clé", out.strip());
  }

  @Test
  void aMissingModuleFailsWithTheCommandThatInstallsTheClients() {
    var e =
        assertThrows(
            AssertionFailedError.class,
            () -> DebianPython.requireModules("memcache", "no_such_module_xyz"));
    assertTrue(e.getMessage().contains("no_such_module_xyz"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("apt-get install python3-memcache python3-pylibmc python3-pymemcache"),
        e.getMessage());
  }

  @Test
  void aFailingSnippetFailsTheTestWithPythonsError() {
    var e =
        assertThrows(
            AssertionFailedError.class, () -> DebianPython.run("raise SystemExit('boom')", ""));
    assertTrue(e.getMessage().contains("boom"), e.getMessage());
  }
}
