package dev.memcache.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.DebianPython;
import dev.memcache.testkit.MemcachedExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the session-cache sample ({@code bin/demo}) against a real memcached, so it cannot rot, and
 * has python-memcached read a session it stored as JSON.
 */
class SessionCacheDemoIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void sessionsAreJsonRecordsThatEveryRequestReadsBackAndPythonReadsToo() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    // a timeout a loaded test machine cannot miss (the demo itself uses 500 ms)
    try (MemcacheClient cache =
            SessionCacheDemo.client(Duration.ofSeconds(10), memcached.address());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      SessionCacheDemo.run(cache, out, 2_000);
      cache
          .json()
          .setJson(
              "session:carol",
              new SessionCacheDemo.Session("carol", "admin"),
              Duration.ofMinutes(1));
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    for (String line :
        new String[] {
          "getJson session:alice -> Session[user=alice, role=admin]",
          "stored text -> {\"user\":\"alice\",\"role\":\"admin\"}",
          "addJson session:alice again -> false",
          "views:alice -> 3",
          "2000 concurrent requests read their own session: 2000, timed out: 0",
          "getMultiJson -> {session:user1=Session[user=user1, role=reader],"
              + " session:user2=Session[user=user2, role=reader]}",
          "update pages:alice -> /home",
          "getEntry session:ghost -> known absent (value null); session:nobody -> miss",
          "delete session:alice -> true",
          "getJson session:alice -> null"
        }) {
      assertTrue(output.contains(line), "missing <" + line + "> in:\n" + output);
    }
    DebianPython.requireModules("memcache");
    String python =
        DebianPython.run(
                """
                import json, sys, memcache
                s = json.loads(memcache.Client([sys.argv[1]]).get('demo:session:carol'))
                print(s['user'], s['role'])
                """,
                "",
                memcached.address())
            .strip();
    assertEquals("carol admin", python);
  }
}
