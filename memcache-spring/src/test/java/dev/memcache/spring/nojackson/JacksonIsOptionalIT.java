package dev.memcache.spring.nojackson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.testkit.MemcachedExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jackson is optional: a Spring application caches without it, unless it asks for JSON. */
class JacksonIsOptionalIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void aSpringApplicationCachesInAJvmWithoutJackson() throws Exception {
    String full =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(full.split(File.pathSeparator));
    List<String> withoutJackson = entries.stream().filter(e -> !e.contains("jackson")).toList();
    assertTrue(entries.size() > withoutJackson.size(), "jackson was not on the classpath: " + full);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                String.join(File.pathSeparator, withoutJackson),
                NoJacksonApplication.class.getName(),
                memcached.address())
            .redirectErrorStream(true)
            .start();
    child.getOutputStream().close();
    String out;
    try {
      out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    } finally {
      if (child.isAlive()) child.destroyForcibly();
    }
    assertEquals(0, child.exitValue(), out);
    assertEquals(
        List.of("jackson absent", "hello ada 1", "after clear null", "reflection true true"),
        out.lines().filter(l -> !l.startsWith("WARNING")).toList(),
        out);
  }
}
