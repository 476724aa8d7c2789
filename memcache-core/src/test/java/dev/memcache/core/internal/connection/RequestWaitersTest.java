package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.internal.Command;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The one waiter field of a request: a parked caller is woken, a listener runs exactly once, and
 * both are told when both wait; the MISS policy's value sits beside the mapper.
 */
class RequestWaitersTest {
  private static Request<String> request() {
    return new Request<>(Command.NOOP, null, Long.MAX_VALUE, r -> "reply");
  }

  @Test
  void aListenerRegisteredBeforeOrAfterCompletionRunsExactlyOnce() {
    AtomicInteger runs = new AtomicInteger();
    Request<String> before = request();
    before.onDone(runs::incrementAndGet);
    assertEquals(0, runs.get());
    assertTrue(before.complete());
    assertEquals(1, runs.get());
    assertFalse(before.cancel(new RuntimeException("late")), "done already");
    assertEquals(1, runs.get());

    Request<String> after = request();
    assertTrue(after.complete());
    after.onDone(runs::incrementAndGet);
    assertEquals(2, runs.get());
    assertEquals("reply", after.result());
  }

  @Test
  void completionRacingOnDoneRunsTheListenerOnceEveryTime() throws Exception {
    for (int round = 0; round < 2_000; round++) {
      Request<String> r = request();
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      Thread completer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(go);
                    r.complete();
                  });
      go.countDown();
      r.onDone(runs::incrementAndGet);
      completer.join();
      assertEquals(1, runs.get(), "round " + round);
    }
  }

  @Test
  void aParkedCallerAndAListenerAreBothToldOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Request<String> r = request();
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch parked = new CountDownLatch(1);
      String[] got = new String[1];
      Thread caller =
          Thread.ofPlatform()
              .start(
                  () -> {
                    parked.countDown();
                    got[0] = r.await();
                  });
      parked.await();
      if (round % 2 == 0) {
        while (caller.getState() != Thread.State.WAITING) Thread.onSpinWait();
      }
      r.onDone(runs::incrementAndGet); // the caller may or may not be parked yet
      assertTrue(r.complete());
      caller.join(TimeUnit.SECONDS.toMillis(10));
      assertFalse(caller.isAlive(), "round " + round + ": the parked caller was not woken");
      assertEquals("reply", got[0]);
      assertEquals(1, runs.get(), "round " + round);
    }
  }

  @Test
  void aListenerRegisteredWhileACallerIsParkedStillRunsAfterTheCallerLeaves() throws Exception {
    Request<String> r = request();
    AtomicInteger runs = new AtomicInteger();
    Thread caller = Thread.ofPlatform().start(r::join);
    while (caller.getState() != Thread.State.WAITING) Thread.onSpinWait();
    r.onDone(runs::incrementAndGet);
    assertTrue(r.fail(new MemcacheConnectionException("broken")));
    caller.join(10_000);
    assertFalse(caller.isAlive());
    assertEquals(1, runs.get());
    LockSupport.unpark(caller); // harmless: nothing waits on it any more
  }

  @Test
  void theMissPolicyReturnsItsValueForAnOutageButThrowsAServerError() {
    Request<String> outage = request();
    outage.missOnOutage("fallback");
    outage.missOnOutage("fallback2"); // set again: the last value, the mapper kept once
    assertTrue(outage.fail(new MemcacheConnectionException("down")));
    assertEquals("fallback2", outage.result());
    assertEquals("fallback2", outage.await());

    Request<String> served = request();
    served.missOnOutage("fallback");
    assertTrue(served.complete());
    assertEquals("reply", served.result(), "a reply still goes through the mapper");

    Request<String> serverError = request();
    serverError.missOnOutage("fallback");
    assertTrue(serverError.fail(new MemcacheServerException("SERVER_ERROR out of memory")));
    assertThrows(MemcacheServerException.class, serverError::result);

    Request<String> timedOut = request();
    timedOut.missOnOutage("fallback");
    assertTrue(timedOut.timeout());
    assertEquals("fallback", timedOut.result());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
