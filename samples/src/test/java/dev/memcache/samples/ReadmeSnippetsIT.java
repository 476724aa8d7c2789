package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.testkit.MemcachedExtension;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code cannot rot: every {@code java} block compiles as printed (imports included)
 * against the published modules, the quick start runs against a real memcached, and the {@code
 * kotlin} block is this module's {@code readme/QuickStart.kt} verbatim (compiled by the build),
 * which runs too. The snippets read the servers from {@code MEMCACHED_SERVERS} (default {@code
 * 127.0.0.1:11211}), as {@code bin/demo} does.
 */
class ReadmeSnippetsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path README = MODULE.resolve("../README.md").normalize();
  private static final Path KOTLIN_QUICK_START =
      MODULE.resolve("src/main/kotlin/dev/memcache/samples/readme/QuickStart.kt");
  private static final Pattern CLASS_NAME =
      Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)", Pattern.MULTILINE);

  @Test
  void everyJavaBlockCompilesAsPrinted(@TempDir Path dir) throws IOException {
    List<String> blocks = blocks("java");
    assertFalse(blocks.isEmpty(), "README.md has no ```java block");
    for (String block : blocks) compile(block, Files.createTempDirectory(dir, "block"));
  }

  @Test
  void theJavaQuickStartRunsAgainstARealMemcached(@TempDir Path dir) throws Exception {
    String quickStart =
        blocks("java").stream()
            .filter(b -> b.contains("static void main"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("README.md has no ```java block with a main"));
    String output = run(dir, compile(quickStart, dir));
    assertTrue(output.contains("Session[user=alice, roles=[admin]] seen"), output);
  }

  @Test
  void theKotlinBlockIsTheCompiledQuickStartVerbatim() throws IOException {
    List<String> blocks = blocks("kotlin");
    assertEquals(1, blocks.size(), "README.md should have one ```kotlin block");
    String source = Files.readString(KOTLIN_QUICK_START, StandardCharsets.UTF_8);
    String withoutPackage = source.substring(source.indexOf("\n\n") + 2);
    assertEquals(
        withoutPackage,
        blocks.getFirst(),
        "README's kotlin block must be "
            + MODULE.relativize(KOTLIN_QUICK_START)
            + " without its package line: copy the file (as Spotless formatted it) into README.md");
  }

  @Test
  void theKotlinQuickStartRunsAgainstARealMemcached(@TempDir Path dir) throws Exception {
    String output = run(dir, "dev.memcache.samples.readme.QuickStartKt");
    assertTrue(output.contains("Product(id=1, name=Lamp)"), output);
  }

  /** The bodies of the README's fenced blocks of {@code language}, in order. */
  private static List<String> blocks(String language) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("^```" + language + "\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL)
            .matcher(readme);
    List<String> blocks = new ArrayList<>();
    while (m.find()) blocks.add(m.group(1));
    return blocks;
  }

  /** Compiles one block into {@code dir} against the test class path; returns its class name. */
  private static String compile(String block, Path dir) throws IOException {
    Matcher name = CLASS_NAME.matcher(block);
    if (!name.find()) fail("a README java block has no top-level class:\n" + block);
    Path source = Files.writeString(dir.resolve(name.group(1) + ".java"), block);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status =
        javac.run(
            null,
            errors,
            errors,
            "-proc:none",
            "-Xlint:none",
            "-d",
            dir.toString(),
            "-cp",
            classPath(),
            source.toString());
    assertEquals(0, status, "README block does not compile as printed:\n" + errors + "\n" + block);
    return name.group(1);
  }

  /** Runs {@code mainClass} in a new JVM with {@code MEMCACHED_SERVERS} set; returns its output. */
  private static String run(Path dir, String mainClass) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("output");
    ProcessBuilder pb =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                dir + File.pathSeparator + classPath(),
                mainClass)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("MEMCACHED_SERVERS", memcached.address());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      fail(mainClass + " did not finish within 60 s: " + Files.readString(out));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), mainClass + " failed:\n" + output);
    return output;
  }

  /** Surefire's class path for the tests (java.class.path may be its one manifest-only jar). */
  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
