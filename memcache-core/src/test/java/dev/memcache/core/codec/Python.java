package dev.memcache.core.codec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script with Debian's own Python 3 and the real memcached clients (python-memcached,
 * pylibmc, pymemcache). A missing interpreter or module fails the test with the install command:
 * interop tests never skip.
 */
public final class Python {
  public static final Path PYTHON = Path.of("/usr/bin/python3");
  public static final String INSTALL =
      "apt-get install python3-memcache python3-pylibmc python3-pymemcache";
  private static final String PRELUDE =
      """
      import sys
      try:
          import memcache, pylibmc, pymemcache
      except ImportError as e:
          print('MISSING-MODULE', e, file=sys.stderr)
          sys.exit(3)
      """;

  private Python() {}

  /**
   * The standard output of {@code script} run with {@code args} and {@code stdin}; fails the test
   * on any error.
   */
  public static String run(String script, String stdin, String... args) {
    if (!Files.isExecutable(PYTHON)) {
      fail(
          "interop tests need Debian's "
              + PYTHON
              + " with the Python memcached clients: "
              + INSTALL);
    }
    try {
      Path dir = Files.createTempDirectory("memcache-python-");
      Path file = Files.writeString(dir.resolve("script.py"), PRELUDE + script);
      Path in = Files.writeString(dir.resolve("stdin"), stdin);
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      List<String> command = new ArrayList<>(List.of(PYTHON.toString(), file.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment()
          .keySet()
          .removeIf(k -> k.startsWith("PYTHON")); // no pyenv paths leaking into Debian's python
      pb.environment().put("PYTHONIOENCODING", "utf-8");
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        fail("python did not finish within 120 s: " + Files.readString(err));
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (p.exitValue() == 3 && stderr.contains("MISSING-MODULE")) {
        fail("a Python memcached client is missing for " + PYTHON + ": " + INSTALL + "\n" + stderr);
      }
      if (p.exitValue() != 0) fail("python exited with " + p.exitValue() + ":\n" + stderr);
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      for (Path f : List.of(file, in, out, err)) Files.deleteIfExists(f);
      Files.deleteIfExists(dir);
      return stdout;
    } catch (IOException e) {
      throw new AssertionError("could not run " + PYTHON + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running python", e);
    }
  }
}
