package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.testkit.MemcachedExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the metrics sample against a real memcached and reads what it prints. */
class MetricsDemoIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void printsTheTimersCountersAndGaugesOfTheRun() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MemcacheClient cache =
        MemcacheClient.builder()
            .servers(memcached.address())
            .listener(MemcacheMetrics.of(registry))
            .build()) {
      MetricsDemo.run(cache);
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    MetricsDemo.print(registry, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    String server = "server=" + memcached.address();
    for (String line :
        new String[] {
          "memcache.requests{error=none,operation=set,outcome=stored," + server + "} count=100 ",
          "memcache.requests{error=none,operation=get,outcome=hit," + server + "} count=200 ",
          "memcache.requests{error=none,operation=get,outcome=miss," + server + "} count=100 ",
          "memcache.hits{" + server + "} count=201",
          "memcache.misses{" + server + "} count=100",
          "memcache.requests.in.flight{" + server + "} value=0",
          "memcache.servers.down{} value=0",
        }) assertTrue(out.contains(line), "expected\n  " + line + "\nin\n" + out);
  }
}
