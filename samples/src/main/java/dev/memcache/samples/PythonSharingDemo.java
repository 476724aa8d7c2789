package dev.memcache.samples;

import dev.memcache.core.codec.PythonTuple;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A JVM program and a Python script sharing values through one memcached: the JVM stores a string,
 * an int, a dict, a list, a bool, a float and a zlib-compressed text; {@code share_with_jvm.py}
 * reads them with python-memcached and pymemcache and writes a dict, a tuple, a set, a big int and
 * unicode text back, which the JVM reads. No conversion code on either side: the default codec uses
 * the Python clients' flags and pickle.
 *
 * <p>Needs Debian's {@code /usr/bin/python3} with {@code python3-memcache} and {@code
 * python3-pymemcache}; prints the install command and exits with status 2 without them. Uses the
 * first server in {@code MEMCACHED_SERVERS} (one server, so both sides agree on where a key lives);
 * without it, starts a local memcached and stops it at the end.
 */
public final class PythonSharingDemo {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final String INSTALL = "apt-get install -y python3 python3-memcache python3-pymemcache";
  // From src/main/python, on the classpath
  private static final String SCRIPT = "/share_with_jvm.py";

  private PythonSharingDemo() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String missing = missingPython();
    if (missing != null) {
      System.err.println(missing + "\nInstall it (as root): " + INSTALL);
      System.exit(2);
    }
    String configured = System.getenv("MEMCACHED_SERVERS");
    MemcachedServer local =
        configured == null || configured.isBlank() ? MemcachedServer.startDefault() : null;
    String server = local != null ? local.address() : configured.split(",")[0].trim();
    System.out.println(
        local != null ? "Started a local memcached at " + server : "Using memcached at " + server);
    boolean ok;
    try (MemcacheClient cache =
        MemcacheClient.builder().servers(server).operationTimeout(Duration.ofSeconds(2)).build()) {
      ok = fromPython().equals(share(cache, server, System.out));
    } finally {
      if (local != null) local.stop();
    }
    System.out.println(ok ? "Both sides read what the other wrote." : "MISMATCH: see above");
    if (!ok) System.exit(1);
  }

  /**
   * What the JVM stores; {@code share_with_jvm.py} expects exactly these (its {@code EXPECTED}).
   */
  static Map<String, Object> jvmValues() {
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("name", "Ada");
    dict.put("langs", List.of("java", "python"));
    dict.put("visits", 3);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("jvm:str", "héllo from the JVM ✓");
    values.put("jvm:int", 42);
    values.put("jvm:dict", dict);
    values.put("jvm:list", Arrays.asList(1, "two", 3.5, null));
    values.put("jvm:bool", true);
    values.put("jvm:float", 3.14159);
    return values;
  }

  /**
   * Stored compressed: long enough that zlib pays off, as Python compresses past min_compress_len.
   */
  static final String LARGE_TEXT = "All work and no play makes Jack a dull boy. ".repeat(1000);

  /** What the script writes back, as the JVM reads it. */
  static Map<String, Object> fromPython() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(
        "py:dict",
        Map.of("lang", "python", "versions", List.of(3L, 11L), "nested", Map.of("ok", true)));
    values.put("py:tuple", PythonTuple.of("a", 1L, 2.5, null));
    values.put("py:unicode", "naïve café — 東京 🐍");
    values.put("py:set", Set.of(2L, 3L, 5L, 7L));
    values.put("py:bigint", BigInteger.TWO.pow(64).add(BigInteger.valueOf(5)));
    return values;
  }

  /**
   * Stores {@link #jvmValues()} and {@link #LARGE_TEXT}, runs the Python script against {@code
   * server} and returns what it wrote back, printing both sides to {@code out}.
   *
   * @throws IllegalStateException when the script fails or finds a value other than the JVM stored
   */
  static Map<String, Object> share(MemcacheClient cache, String server, PrintStream out)
      throws IOException, InterruptedException {
    // Read back only what this run's script writes
    for (String key : fromPython().keySet()) cache.delete(key);
    jvmValues().forEach(cache::set);
    // A codec view for this one call: zlib above 1 KiB, over the same connection.
    MemcacheClient zlib =
        cache.withValueCodec(PythonValueCodec.builder().compressionThreshold(1024).build());
    zlib.set("jvm:text-zlib", LARGE_TEXT);
    out.println(
        "JVM stored "
            + String.join(", ", jvmValues().keySet())
            + ", jvm:text-zlib ("
            + LARGE_TEXT.length()
            + " chars, zlib)");

    for (String line : runScript(SCRIPT, INSTALL, server).split("\n")) out.println("  py> " + line);

    Map<String, Object> back = cache.getMulti(fromPython().keySet());
    out.println("JVM read:");
    back.forEach(
        (key, value) ->
            out.printf("  %-11s %-14s %s%n", key, value.getClass().getSimpleName(), value));
    return back;
  }

  /**
   * Runs the script {@code resource} (from src/main/python) with Debian's python3 and {@code args};
   * returns its standard output, or throws its failure with its standard error (exit status 3: a
   * missing module, reported with {@code install}).
   */
  static String runScript(String resource, String install, String... args)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("share_with_jvm");
    Path script = dir.resolve(resource.substring(1)),
        out = dir.resolve("stdout"),
        err = dir.resolve("stderr");
    try (InputStream in = PythonSharingDemo.class.getResourceAsStream(resource)) {
      if (in == null)
        throw new IllegalStateException(
            resource + " is not on the classpath (samples/src/main/python)");
      Files.write(script, in.readAllBytes());
      List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
      command.addAll(List.of(args));
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment()
          .keySet()
          .removeIf(k -> k.startsWith("PYTHON")); // no pyenv paths leaking into Debian's python
      pb.environment().put("PYTHONIOENCODING", "utf-8");
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("the Python script did not finish within 60 s");
      }
      String output = Files.readString(out, StandardCharsets.UTF_8).strip();
      String errors = Files.readString(err, StandardCharsets.UTF_8).strip();
      if (p.exitValue() == 3)
        throw new IllegalStateException(errors + "; install (as root): " + install);
      if (p.exitValue() != 0)
        throw new IllegalStateException(
            "the Python script exited with " + p.exitValue() + ":\n" + output + "\n" + errors);
      return output;
    } finally {
      for (Path f : List.of(script, out, err, dir)) Files.deleteIfExists(f);
    }
  }

  /** Why Debian's python3 cannot run the script, or null when it can. */
  static String missingPython() throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON))
      return PYTHON + " is missing (Debian's own python3 is needed, not a pyenv one).";
    Process p =
        new ProcessBuilder(PYTHON.toString(), "-c", "import memcache, pymemcache")
            .redirectErrorStream(true)
            .start();
    String error = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return PYTHON + " did not start within 30 s.";
    }
    return p.exitValue() == 0
        ? null
        : PYTHON
            + " cannot import the memcached clients: "
            + error.lines().reduce((a, b) -> b).orElse("");
  }
}
