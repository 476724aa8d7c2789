package dev.memcache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The gauges outlive a GC of an unreferenced listener: MetricsDemo printed its meters after its
 * client was closed, and once in a while {@code memcache.servers.down} read NaN (Micrometer holds a
 * gauge's state weakly unless told otherwise).
 */
class GaugeLifetimeTest {
  @Test
  void theDownGaugeStillReadsZeroAfterTheListenerIsCollected() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MemcacheMetrics.of(registry); // nobody keeps it, as after a client is closed
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0.0, registry.get("memcache.servers.down").gauge().value());
  }
}
