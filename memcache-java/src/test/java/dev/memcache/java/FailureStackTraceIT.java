package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.java.RecordingListener.Finished;
import dev.memcache.testkit.HostileServer;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A blocking call that fails because of its connection (refused, cut in a reply, garbage) throws an
 * exception made on the caller's thread: its stack trace holds the caller's frames, its type is the
 * original's, and the original (made on a connector or reader thread) is its cause. The listener
 * hears the exception the caller caught. Futures keep the original.
 */
class FailureStackTraceIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static MemcacheClient.Builder client(String address) {
    return MemcacheClient.builder()
        .servers(address)
        .operationTimeout(Duration.ofSeconds(5))
        .hangTimeout(Duration.ofSeconds(30));
  }

  @Test
  void aGetOnAKilledServerThrowsWithTheCallersFrames() {
    String address = memcached.address();
    memcached.server().kill(); // connection refused from now on
    RecordingListener heard = new RecordingListener();
    try (MemcacheClient c = client(address).listener(heard).build()) {
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> c.get("k"));
      assertMadeHere(e, "aGetOnAKilledServerThrowsWithTheCallersFrames");
      assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
      List<Finished> gets = heard.finished.stream().toList();
      assertEquals(1, gets.size());
      assertSame(e, gets.get(0).event().error(), "the listener hears what the caller caught");
    }
    try (MemcacheClient c = client(address).build()) { // a multi-server call's parts too
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> c.getMulti(List.of("a", "b")));
      assertMadeHere(e, "aGetOnAKilledServerThrowsWithTheCallersFrames");
    }
  }

  @Test
  void aGetWhoseReplyIsCutThrowsWithTheCallersFrames() throws Exception {
    try (HostileServer server =
            HostileServer.start()
                .otherwise(
                    HostileServer.Script.script().readLine().reply("VALUE k 0 10\r\nabc").cut());
        MemcacheClient c = client(server.address()).build()) {
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> c.get("k"));
      assertMadeHere(e, "aGetWhoseReplyIsCutThrowsWithTheCallersFrames");
    }
  }

  @Test
  void aGetAnsweredWithGarbageThrowsAProtocolExceptionWithTheCallersFrames() throws Exception {
    try (HostileServer server =
            HostileServer.start()
                .otherwise(HostileServer.Script.script().readLine().reply("GARBAGE\r\n"));
        MemcacheClient c = client(server.address()).build()) {
      MemcacheProtocolException e = assertThrows(MemcacheProtocolException.class, () -> c.get("k"));
      assertMadeHere(e, "aGetAnsweredWithGarbageThrowsAProtocolExceptionWithTheCallersFrames");
    }
  }

  @Test
  void aFutureKeepsTheOriginalFailure() {
    String address = memcached.address();
    memcached.server().kill();
    try (MemcacheClient c = client(address).build()) {
      CompletionException wrapped =
          assertThrows(CompletionException.class, () -> c.async().get("k").join());
      MemcacheConnectionException e =
          assertInstanceOf(MemcacheConnectionException.class, wrapped.getCause());
      assertFalse(
          hasFrame(e, "aFutureKeepsTheOriginalFailure"), "made on the connector, as before");
      assertFalse(e.getCause() instanceof MemcacheConnectionException, "not a copy");
    }
  }

  /** {@code e} was made on the test's thread; its cause is the same failure, made elsewhere. */
  private static void assertMadeHere(MemcacheException e, String testMethod) {
    assertTrue(hasFrame(e, testMethod), "the caller's frame is on top: " + trace(e));
    Throwable origin = e.getCause();
    assertNotSame(e, origin);
    assertEquals(e.getClass(), origin.getClass(), "the type is unchanged");
    assertEquals(e.getMessage(), origin.getMessage(), "the message is unchanged");
    assertFalse(hasFrame(origin, testMethod), "the cause was made on another thread");
  }

  private static boolean hasFrame(Throwable t, String method) {
    return Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method));
  }

  private static String trace(Throwable t) {
    return Arrays.toString(t.getStackTrace());
  }
}
