package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM's first connection does not wait for {@link NativeSocket}'s calls to be linked: it reads
 * and writes through its channel meanwhile, and through the native calls once they are. Linking
 * takes a cold JVM a quarter of a second, over half a second with both CPUs busy: a client whose
 * first connection waited for it had its first calls time out ({@code PausedServerUnderLoadIT},
 * with 300 ms timeouts, in 3 runs of 3 with both CPUs busy). Only a JVM of its own is cold, so this
 * runs {@link FirstConnectionOfAColdJvm} in one.
 */
class NativeLinkingTest {
  @Test
  void aColdJvmsFirstConnectionAnswersOnItsChannelThenAttaches(@TempDir Path dir) throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve("out.txt");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                classPath,
                FirstConnectionOfAColdJvm.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the cold JVM did not finish");
    } finally {
      if (child.isAlive()) child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, child.exitValue(), printed);
    assertEquals(
        List.of(
            "first, while linking: read into arrays -1, written from arrays -1",
            "echoed while linking: true",
            "linked: true",
            "echoed once linked: true",
            "first, once linked: read into arrays 300000, written from arrays 300000",
            "second, closed while linking: read into arrays -1, written from arrays -1",
            "third echoed: true",
            "third, opened once linked: read into arrays 1000, written from arrays 1000"),
        printed.lines().filter(l -> !l.startsWith("WARNING")).toList(),
        printed);
  }
}
