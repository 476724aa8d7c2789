package dev.memcache.java.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.testkit.MemcachedExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jackson is an optional dependency: without it on the classpath only {@code json()} fails. */
class JacksonIsOptionalIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void everyNonJsonCallWorksInAJvmWithoutJacksonOnTheClasspath() throws Exception {
    String full =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(full.split(File.pathSeparator));
    List<String> withoutJackson =
        entries.stream().filter(e -> !e.contains("jackson")).collect(Collectors.toList());
    assertTrue(
        entries.size() > withoutJackson.size(), "jackson was on the test classpath: " + full);
    assertFalse(withoutJackson.isEmpty());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                String.join(File.pathSeparator, withoutJackson),
                NoJacksonProgram.class.getName(),
                memcached.address())
            .redirectErrorStream(true)
            .start();
    child.getOutputStream().close();
    String out;
    try {
      out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    } finally {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    assertEquals(0, child.exitValue(), out);
    String reflection =
        out.lines().filter(l -> l.startsWith("reflection ")).findFirst().orElse("missing");
    assertEquals(
        List.of(
            "jackson absent",
            reflection,
            "get text 42",
            "getMulti 2",
            "incr 43",
            "async text",
            "after delete null",
            "json needs jackson"),
        out.lines().toList(),
        out);
    assertFalse(reflection.equals("missing"), out);
  }
}
