package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request whose future is cancelled before it is written is never written: the server never sees
 * it. Deterministic: with one in-flight slot and the server paused (SIGSTOP), an unanswered get
 * holds the slot, so no later request can be written until the server resumes, whatever stage it
 * has reached (handed to a sender thread, waiting for the slot) when it is cancelled.
 */
class CancelledRequestsIT {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void setsCancelledBeforeTheyAreWrittenNeverReachTheServer(Protocol p) throws Exception {
    try (MemcachedServer server = MemcachedServer.startDefault()) {
      long setsBefore;
      try (MemcacheClient client =
          MemcacheClient.builder()
              .servers(server.address())
              .protocol(p)
              .maxInFlight(1)
              .operationTimeout(Duration.ofSeconds(20))
              .hangTimeout(Duration.ofSeconds(60))
              .build()) {
        assertTrue(client.set("held", "slot")); // the connection is open
        setsBefore = cmdSet(client, server);
        server.pause();
        CompletableFuture<Object> holder;
        List<CompletableFuture<Boolean>> cancelled = new ArrayList<>();
        try {
          holder = client.async().get("held"); // written, unanswered: holds the only slot
          for (int i = 0; i < 5; i++) {
            CompletableFuture<Boolean> set = client.async().set("cancelled-" + i, "never stored");
            cancelled.add(set);
            Thread.sleep(i * 50L); // cancel at once, and after it had time to wait for the slot
            assertTrue(set.cancel(true), "cancelled before it could complete");
          }
          assertFalse(holder.isDone(), "the server is paused: the slot is still held");
        } finally {
          server.resume();
        }
        assertEquals("slot", holder.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<Boolean> set : cancelled)
          assertThrows(CancellationException.class, set::join);
        // The connection goes on in order; a write made after the cancelled ones is answered
        assertTrue(client.set("after", "resume"));
        assertEquals("resume", client.get("after"));
      }
      // The client is closed: nothing it held back can be written any more
      try (MemcacheClient check = MemcacheClient.builder().servers(server.address()).build()) {
        for (int i = 0; i < 5; i++) assertNull(check.get("cancelled-" + i), "cancelled-" + i);
        assertEquals(
            setsBefore + 1,
            cmdSet(check, server),
            "the server saw the sets before the pause and the one after, no other");
      }
    }
  }

  private static long cmdSet(MemcacheClient client, MemcachedServer server) {
    return Long.parseLong(client.stats().get(server.address()).get("cmd_set"));
  }
}
