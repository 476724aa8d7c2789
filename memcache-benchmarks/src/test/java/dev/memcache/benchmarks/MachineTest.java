package dev.memcache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The steal the benchmark reports per round, from this machine's {@code /proc/stat}. */
class MachineTest {
  @Test
  void readsTheStealFieldOfTheSummaryLine() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertEquals(100342, Machine.stealTicks("cpu  187094 0 113060 280860 621 0 57221 100342 0 0"));
    assertEquals(7, Machine.stealTicks("cpu 1 2 3 4 5 6 7 7"));
    assertEquals(-1, Machine.stealTicks("cpu 1 2 3 4 5 6 7"), "no steal field: unavailable");
  }

  @Test
  void stealIsCountedOnLinuxAndNeverGoesBack() throws Exception {
    if (!Files.isReadable(Path.of("/proc/stat"))) {
      assertEquals(-1, Machine.stealNanos());
      return;
    }
    long first = Machine.stealNanos();
    assertTrue(first >= 0, "steal read from /proc/stat: " + first);
    assertTrue(Machine.stealNanos() >= first);
    long cpus =
        Files.readAllLines(Path.of("/proc/stat")).stream()
            .filter(l -> l.matches("cpu[0-9]+ .*"))
            .count();
    assertEquals(cpus, Machine.machineCpus());
  }
}
