package dev.memcache.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * For interop tests with the Python memcached clients, and only those: the rest of the test kit
 * assumes no Python. Runs snippets on Debian's own {@code /usr/bin/python3}, the one apt's {@code
 * python3-memcache}, {@code python3-pylibmc} and {@code python3-pymemcache} install into (a {@code
 * python3} on the PATH may be a pyenv build without them). A missing interpreter or module fails
 * the test with the command that installs it: interop tests never skip.
 */
public final class DebianPython {
  /** Debian's own interpreter, the one the apt packages of the Python clients install into. */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The command that installs the three Python clients. */
  public static final String INSTALL =
      "apt-get install python3-memcache python3-pylibmc python3-pymemcache";

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** argv: script file, arguments file (UTF-8, each argument ended by NUL). Runs the script. */
  private static final String BOOTSTRAP =
      """
      import runpy, sys
      source, argv = sys.argv[1], sys.argv[2]
      with open(argv, encoding="utf-8", newline="") as f:
          sys.argv = ["-c"] + f.read().split("\\0")[:-1]
      runpy.run_path(source, run_name="__main__")
      """;

  private DebianPython() {}

  /**
   * Fails unless /usr/bin/python3 can import every module (e.g. "memcache", "pylibmc").
   *
   * @param modules the modules to import
   */
  public static void requireModules(String... modules) {
    UnitPhase.refuse("Debian's python3");
    if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing; install it with: " + INSTALL);
    StringBuilder script = new StringBuilder("import importlib, sys\nmissing = []\n");
    for (String m : modules) {
      script
          .append("try:\n    importlib.import_module('")
          .append(m)
          .append("')\n")
          .append("except ImportError as e:\n    missing.append('")
          .append(m)
          .append(": ' + str(e))\n");
    }
    script.append("print('; '.join(missing))\n");
    String missing = run(script.toString(), "", Duration.ofSeconds(30)).strip();
    if (!missing.isEmpty())
      fail(
          "Python modules missing for "
              + PYTHON
              + " ("
              + missing
              + "); install them with: "
              + INSTALL);
  }

  /**
   * Runs {@code script} with {@code stdin} as input and {@code args} as sys.argv[1:]; returns
   * stdout.
   *
   * @param script the Python source, run as {@code __main__}
   * @param stdin what the script reads from standard input
   * @param args the script's {@code sys.argv[1:]}, passed intact whatever the locale
   * @return what the script printed on standard output
   */
  public static String run(String script, String stdin, String... args) {
    return run(script, stdin, DEFAULT_TIMEOUT, args);
  }

  /**
   * Like {@link #run(String, String, String...)}, killing Python after {@code timeout}.
   *
   * @param script the Python source, run as {@code __main__}
   * @param stdin what the script reads from standard input
   * @param timeout how long the script may run
   * @param args the script's {@code sys.argv[1:]}, passed intact whatever the locale
   * @return what the script printed on standard output
   */
  public static String run(String script, String stdin, Duration timeout, String... args) {
    UnitPhase.refuse("Debian's python3");
    if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing; install it with: " + INSTALL);
    Path dir = null;
    try {
      // Files, not pipes: no thread juggling and no deadlock whatever the sizes.
      dir = Files.createTempDirectory("python-snippet-");
      Path in = Files.writeString(dir.resolve("stdin"), stdin, StandardCharsets.UTF_8);
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      // The script and its arguments travel as UTF-8 files, never on the command line: the JVM
      // encodes a child's argv with sun.jnu.encoding, taken from the locale (ASCII when LANG and
      // LC_* are unset), so "✓" would reach Python as "?".
      Path source = Files.writeString(dir.resolve("script.py"), script, StandardCharsets.UTF_8);
      StringBuilder argv = new StringBuilder();
      for (String arg : args) argv.append(arg).append('\0');
      Path argvFile = Files.writeString(dir.resolve("argv"), argv, StandardCharsets.UTF_8);
      List<String> command =
          List.of(PYTHON.toString(), "-c", BOOTSTRAP, source.toString(), argvFile.toString());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("PYTHONIOENCODING", "utf-8");
      pb.environment().remove("PYTHONPATH");
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        fail("Python did not finish within " + timeout + "; stderr: " + Files.readString(err));
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        String hint =
            stderr.contains("ModuleNotFoundError") ? "\ninstall the clients with: " + INSTALL : "";
        fail("Python exited with " + p.exitValue() + ":\n" + stderr + hint);
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + PYTHON + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running Python", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) return;
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
