package dev.memcache.testkit;

import java.util.Optional;

/**
 * The guard of this project's unit phase: {@code mvn test} must pass on a machine without
 * memcached, twemproxy or Python, so there the kit refuses to start them. The build's Surefire
 * configuration sets {@value #PROPERTY}{@code =true}; Failsafe (the {@code *IT} classes, {@code mvn
 * verify}) and users' own builds do not, and there the kit starts servers as usual. A refusal is a
 * failure, never a skip: a misnamed test shows up at once instead of passing on the machines that
 * happen to have the server installed.
 */
final class UnitPhase {
  /** The system property that marks the unit phase. */
  static final String PROPERTY = "memcache.testkit.unitPhase";

  private UnitPhase() {}

  /**
   * Fails when this JVM runs the unit phase.
   *
   * @param what what the caller was about to start, such as {@code "a real memcached"}
   * @throws IllegalStateException in the unit phase, naming the test and the fix
   */
  static void refuse(String what) {
    if (!Boolean.getBoolean(PROPERTY)) return;
    String test = testClass().map(c -> c + " needs ").orElse("This test needs ");
    throw new IllegalStateException(
        test
            + what
            + ": name the test class *IT so that it runs in the integration phase (mvn verify,"
            + " maven-failsafe-plugin). The unit phase (mvn test, "
            + PROPERTY
            + "=true) starts no memcached, twemproxy or Python.");
  }

  /**
   * The test class on the stack (the outermost class of the first frame named *Test, *Spec or *IT).
   */
  private static Optional<String> testClass() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .map(f -> f.getClassName())
                    .map(n -> n.indexOf('$') < 0 ? n : n.substring(0, n.indexOf('$')))
                    .filter(n -> !n.startsWith("org.junit.") && !n.startsWith("io.kotest."))
                    .filter(n -> n.endsWith("Test") || n.endsWith("Spec") || n.endsWith("IT"))
                    .findFirst());
  }
}
