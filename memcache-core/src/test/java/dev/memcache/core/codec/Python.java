package dev.memcache.core.codec;

import dev.memcache.testkit.DebianPython;
import java.time.Duration;

/**
 * Runs a script with Debian's own Python 3 and the real memcached clients (python-memcached,
 * pylibmc, pymemcache) through the test kit's {@link DebianPython}. A missing interpreter or module
 * fails the test with the install command: interop tests never skip.
 */
public final class Python {
  /** Scripts use sys and the three clients; a missing client fails with the install command. */
  private static final String PRELUDE = "import sys\nimport memcache, pylibmc, pymemcache\n";

  private Python() {}

  /**
   * The standard output of {@code script} run with {@code args} and {@code stdin}; fails the test
   * on any error.
   */
  public static String run(String script, String stdin, String... args) {
    return DebianPython.run(PRELUDE + script, stdin, Duration.ofSeconds(120), args);
  }
}
