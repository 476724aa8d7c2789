package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The Python runner itself: output comes back, and a missing module fails loudly. */
class DebianPythonIT {
  @Test
  void aSnippetGetsItsArgumentsAndInputAndReturnsItsOutput() {
    String out =
        DebianPython.run("import sys; print(sys.argv[1], sys.stdin.read().strip())", "clé", "arg");
    assertEquals("arg clé", out.strip());
  }

  /**
   * Surefire runs this module's tests with {@code LC_ALL=C} (see its pom), as a container without a
   * locale does: the JVM then encodes a child's argv in ASCII.
   */
  @Test
  void nonAsciiArgumentsReachPythonIntactWithoutALocale() {
    String out =
        DebianPython.run(
            "import sys; print(ascii(sys.argv[1:]))", "", "Grace \u2713", "ünï\r\ncode", "");
    assertEquals("['Grace \\u2713', '\\xfcn\\xef\\r\\ncode', '']", out.strip());
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
