package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.routing.NodeLocator;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Compares where keys are found with where a locator puts them. */
public final class Placement {
  private Placement() {}

  /** The fleet's servers with these weights (all 1 when none are given), in list order. */
  public static List<ServerAddress> servers(MemcachedFleet fleet, int... weights) {
    List<ServerAddress> out = new ArrayList<>();
    for (int i = 0; i < fleet.servers().size(); i++) {
      MemcachedServer s = fleet.servers().get(i);
      out.add(new ServerAddress(s.host(), s.port(), weights.length == 0 ? 1 : weights[i]));
    }
    return out;
  }

  /** Asserts that {@code locator} picks, for every key, the server it was found on. */
  public static void assertSame(
      NodeLocator locator, List<String> keys, int[] found, int servers, String who) {
    assertSame(locator, keys, found, servers, null, who);
  }

  /**
   * Asserts that {@code locator.serverFor(key, alive)} (or {@code serverFor(key)} when {@code
   * alive} is null) is the server each key was found on, that every key was found, and that every
   * live one of the {@code servers} got keys (else the comparison proves little).
   */
  public static void assertSame(
      NodeLocator locator,
      List<String> keys,
      int[] found,
      int servers,
      IntPredicate alive,
      String who) {
    List<String> wrong = new ArrayList<>();
    int[] perServer = new int[servers];
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i).getBytes(StandardCharsets.UTF_8);
      int expected = alive == null ? locator.serverFor(key) : locator.serverFor(key, alive);
      if (found[i] < 0) wrong.add(keys.get(i) + ": on no server (locator says " + expected + ")");
      else if (found[i] != expected)
        wrong.add(keys.get(i) + ": found on " + found[i] + ", locator says " + expected);
      if (found[i] >= 0) perServer[found[i]]++;
    }
    if (!wrong.isEmpty()) {
      fail(
          wrong.size()
              + " of "
              + keys.size()
              + " keys are not where "
              + who
              + " put them; first: "
              + String.join("; ", wrong.subList(0, Math.min(10, wrong.size()))));
    }
    for (int s = 0; s < servers; s++) {
      if (perServer[s] == 0 && (alive == null || alive.test(s))) {
        fail("server " + s + " got no key from " + who + ": the test would prove little");
      }
    }
  }
}
