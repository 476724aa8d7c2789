package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedFleetExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the Django sharing sample end to end over two servers, so it cannot rot. */
class DjangoSharingDemoIT {
  @RegisterExtension static MemcachedFleetExtension servers = new MemcachedFleetExtension(2);

  @Test
  void djangoReadsEveryJvmValueAndTheJvmReadsEveryDjangoValueAcrossTwoServers() throws Exception {
    DebianPython.requireModules("django", "pymemcache");
    List<String> addresses = servers.fleet().addresses();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Object> back;
    try (MemcacheClient cache = DjangoSharingDemo.client(addresses);
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      back = DjangoSharingDemo.share(cache, addresses, out);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    assertEquals(DjangoSharingDemo.fromDjango(), back, output);
    assertTrue(!output.contains("MISMATCH") && output.contains("cart:42    ok"), output);
    // Each key sits on exactly one server: the one Django's HashClient chose, since both sides read
    // it back above. Which server that is depends on the fleet's random ports (rendezvous hashing
    // of "127.0.0.1:<port>"), so all seven may land on one of the two: not asserted.
    List<String> shared =
        List.of(
            "shop:1:cart:42",
            "shop:1:greeting",
            "shop:1:stock:A-1",
            "shop:1:session:7",
            "shop:1:product:A-1",
            "shop:1:product:B-7",
            "shop:2:banner");
    List<String> found = new java.util.ArrayList<>();
    for (var server : servers.fleet().servers())
      found.addAll(dev.memcache.testkit.MemcachedFleet.keysOn(server, shared));
    assertEquals(shared.stream().sorted().toList(), found.stream().sorted().toList(), output);
  }
}
