package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.RequestEvent.Outcome;
import dev.memcache.java.RecordingListener.Finished;
import dev.memcache.testkit.HostileServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A server that never answers: each timeout names its limit and server, says where the time went,
 * and a blocking call's carries the caller's frames; the listener hears it as an error.
 */
class TimeoutExplainedTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  static MemcacheClient.Builder client(HostileServer server, RecordingListener heard) {
    return MemcacheClient.builder()
        .servers(server.address())
        .operationTimeout(TIMEOUT)
        .hangTimeout(Duration.ofSeconds(30)) // the connection stays: only requests time out
        .listener(heard);
  }

  @Test
  void aBlockingTimeoutNamesTheLimitTheServerThePhasesAndTheRequestsAhead() throws Exception {
    RecordingListener heard = new RecordingListener();
    try (HostileServer silent = HostileServer.start();
        MemcacheClient client = client(silent, heard).build()) {
      // Two requests written before ours, never answered.
      CompletableFuture<Boolean> first = client.async().set("first", "1");
      CompletableFuture<Boolean> second = client.async().set("second", "2");
      Thread.sleep(50); // written by now
      MemcacheTimeoutException e =
          assertThrows(MemcacheTimeoutException.class, () -> client.get("mine"));
      String m = e.getMessage();
      assertTrue(m.startsWith("get 'mine' on " + silent.address() + " timed out after "), m);
      assertTrue(m.contains("(operationTimeout 300 ms)"), m);
      assertTrue(m.contains("ms waiting for an in-flight slot"), m);
      assertTrue(m.contains("ms to be written"), m);
      assertTrue(m.contains("ms for the reply"), m);
      assertTrue(m.contains("2 requests ahead of it still unanswered"), m);
      assertEquals(TIMEOUT, e.limit());
      assertEquals(ServerAddress.parse(silent.address()), e.server());
      assertEquals(Duration.ZERO, e.waitedForSlot());
      assertTrue(e.waitedToBeWritten().compareTo(Duration.ofMillis(100)) < 0, m);
      assertTrue(e.waitedForReply().compareTo(Duration.ofMillis(250)) > 0, m);
      assertEquals(2, e.requestsAhead());
      // Made and thrown on this thread: the caller's own frames are in it.
      assertTrue(
          Arrays.stream(e.getStackTrace())
              .anyMatch(
                  f ->
                      f.getClassName().equals(TimeoutExplainedTest.class.getName())
                          && f.getMethodName()
                              .equals(
                                  "aBlockingTimeoutNamesTheLimitTheServerThePhasesAndTheRequestsAhead")),
          Arrays.toString(e.getStackTrace()));
      assertInstanceOf(
          MemcacheTimeoutException.class,
          assertThrows(ExecutionException.class, first::get).getCause());
      assertThrows(ExecutionException.class, second::get);

      List<Finished> gets = heard.finished(ev -> ev.operation().equals("get"));
      assertEquals(1, gets.size());
      assertEquals(Outcome.ERROR, gets.get(0).event().outcome());
      assertSame(e, gets.get(0).event().error(), "the listener hears the exception the caller got");
      assertTrue(gets.get(0).event().wireNanos() >= TIMEOUT.toNanos() - 100_000_000L);
    }
  }

  @Test
  void aRequestThatNeverGotASlotSaysSoAndTheListenerHearsTheWait() throws Exception {
    RecordingListener heard = new RecordingListener();
    try (HostileServer silent = HostileServer.start();
        MemcacheClient client = client(silent, heard).maxInFlight(1).build()) {
      CompletableFuture<Object> holder = client.async().get("holds-the-slot");
      Thread.sleep(50);
      MemcacheTimeoutException e =
          assertThrows(MemcacheTimeoutException.class, () -> client.get("waits"));
      String m = e.getMessage();
      assertTrue(m.contains("(operationTimeout 300 ms)"), m);
      assertTrue(m.contains("ms to be written, never written"), m);
      assertTrue(m.contains("1 of maxInFlight 1 in flight or queued ahead of it"), m);
      assertTrue(e.waitedForSlot().compareTo(Duration.ofMillis(250)) > 0, m);
      assertEquals(Duration.ZERO, e.waitedForReply());
      assertThrows(ExecutionException.class, holder::get);
      assertTrue(
          RecordingListener.await(
              () -> !heard.states("slotWaited").isEmpty(), Duration.ofSeconds(2)));
      long waited = (Long) heard.states("slotWaited").get(0).detail();
      assertTrue(waited >= Duration.ofMillis(250).toNanos(), "waited " + waited);
      Finished ev = heard.finished(x -> x.operation().equals("get") && x.failed()).get(1);
      assertEquals(0, ev.event().wireNanos(), "never written");
      assertTrue(ev.event().queuedNanos() >= Duration.ofMillis(250).toNanos());
    }
  }

  @Test
  void aFutureTimeoutIsAnErrorEventOnTheCompletingThread() throws Exception {
    RecordingListener heard = new RecordingListener();
    try (HostileServer silent = HostileServer.start();
        MemcacheClient client = client(silent, heard).build()) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> client.async().get("later").get());
      MemcacheTimeoutException timeout =
          assertInstanceOf(MemcacheTimeoutException.class, e.getCause());
      assertTrue(timeout.getMessage().contains("(operationTimeout 300 ms)"), timeout.getMessage());
      assertTrue(RecordingListener.await(() -> heard.finished.size() == 1, Duration.ofSeconds(2)));
      Finished f = heard.finished.peek();
      assertEquals(Outcome.ERROR, f.event().outcome());
      assertSame(timeout, f.event().error());
      assertTrue(f.finishedOn().startsWith("memcache-complete"), f.finishedOn());
    }
  }
}
