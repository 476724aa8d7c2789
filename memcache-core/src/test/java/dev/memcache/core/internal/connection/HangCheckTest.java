package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.text.TextCodec;
import dev.memcache.testkit.HostileServer;
import dev.memcache.testkit.HostileServer.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hang and stall detection belongs to the sweeper's pass ({@link Connection#expire}), not to the
 * request that times out: a timeout tells its connection nothing, the next pass closes a hung or
 * stalled connection once, and a server that answers in time is never taken as hung.
 */
class HangCheckTest {
  private static final long HANG_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  private static final long FAR = TimeUnit.SECONDS.toNanos(30);

  @Test
  void aRequestTimedOutOnItsOwnLeavesAHungServerToTheSweepersPass() throws Exception {
    try (HostileServer silent = HostileServer.start()) {
      Heard heard = new Heard();
      Connection c = openTo(silent, heard);
      Request<Void> get = get("k", System.nanoTime() + FAR);
      c.send(get);
      pastTheHangTimeout();

      assertTrue(get.timeout());
      assertTrue(c.isOpen(), "a timeout alone closes nothing");
      assertEquals(List.of(), heard.hung);

      c.expire(System.nanoTime());
      assertFalse(c.isOpen());
      assertTrue(c.isUnresponsive());
      assertEquals(List.of("did not answer for 200 ms; connection closed as hung"), heard.hung);
      c.expire(System.nanoTime());
      assertEquals(1, heard.hung.size(), "a hang is told once");
      assertEquals(1, heard.broken.size());
    }
  }

  @Test
  void aHungConnectionFailsTheRequestsInFlightWithAConnectionError() throws Exception {
    try (HostileServer silent = HostileServer.start()) {
      Heard heard = new Heard();
      Connection c = openTo(silent, heard);
      Request<Void> inFlight = get("a", System.nanoTime() + FAR);
      c.send(inFlight);
      pastTheHangTimeout();
      c.expire(System.nanoTime());

      RuntimeException broken = failureOf(inFlight);
      assertInstanceOf(MemcacheConnectionException.class, broken);
      assertTrue(broken.getMessage().contains("connection closed as hung"), broken.getMessage());
    }
  }

  @Test
  void aServerThatAnswersInTimeIsNeverTakenAsHung() throws Exception {
    try (HostileServer answering = HostileServer.start()) {
      answering.otherwise(Script.script().readLine().reply("END\r\n").neverReply());
      Heard heard = new Heard();
      Connection c = openTo(answering, heard);
      Request<Void> get = get("k", System.nanoTime() + FAR);
      c.send(get);
      get.await();
      pastTheHangTimeout();

      c.expire(System.nanoTime());
      assertTrue(c.isOpen());
      assertEquals(List.of(), heard.hung);
      c.close(new MemcacheConnectionException("test over"));
    }
  }

  @Test
  void aWriteBlockedPastTheHangTimeoutClosesTheConnectionAsStalled() throws Exception {
    try (HostileServer deaf = HostileServer.start(4096)) {
      deaf.otherwise(Script.script().neverRead());
      Heard heard = new Heard();
      Connection c = openTo(deaf, heard);
      Request<Void> big = set("big", new byte[8 << 20], System.nanoTime() + FAR);
      c.send(big); // over 64 KB: the writer thread writes it, and blocks
      Request<Void> behind = get("k", System.nanoTime() + FAR);
      c.send(behind); // queued behind it: never written
      pastTheHangTimeout();

      c.expire(System.nanoTime());
      assertFalse(c.isOpen());
      assertEquals(
          List.of("did not read our writes for 200 ms; connection closed as stalled"), heard.hung);
      assertInstanceOf(MemcacheConnectionException.class, failureOf(big));
      RuntimeException unsent = failureOf(behind);
      assertInstanceOf(MemcacheTimeoutException.class, unsent);
      assertTrue(unsent.getMessage().contains("timed out before it was sent"), unsent.getMessage());
    }
  }

  private static Connection openTo(HostileServer server, Heard heard) {
    Connection c =
        new Connection(
            new ServerAddress("127.0.0.1", server.port(), 1),
            server.address(),
            new TextCodec(16 << 20),
            16,
            HANG_NANOS,
            FAR,
            heard);
    c.open(
        () -> {
          Socket s = new Socket();
          try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return s;
        });
    assertTrue(c.isConnected(), "the hostile server accepts");
    return c;
  }

  private static Request<Void> get(String key, long deadline) {
    return Get.of(key, key, deadline, r -> null);
  }

  private static Request<Void> set(String key, byte[] value, long deadline) {
    return new Store<>(Command.SET, key, value, 0, 0, 0, false, deadline, r -> null);
  }

  /** Waits past the hang timeout, with a margin for a busy machine. */
  private static void pastTheHangTimeout() throws InterruptedException {
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(HANG_NANOS) + 100);
  }

  /** The failure {@code r} completes with; the reader fails requests in flight on its thread. */
  private static RuntimeException failureOf(Request<?> r) throws InterruptedException {
    for (int i = 0; i < 500 && !r.isDone(); i++) Thread.sleep(10);
    assertTrue(r.isDone(), r + " never completed");
    return r.failure();
  }

  /** What the connection tells its node. */
  private static final class Heard implements ConnectionListener {
    final List<String> hung = new CopyOnWriteArrayList<>();
    final List<MemcacheException> broken = new CopyOnWriteArrayList<>();

    @Override
    public void opened(Connection c) {}

    @Override
    public void slotWaited(long waitedNanos) {}

    @Override
    public void answered() {}

    @Override
    public void hung(Connection c, long silentNanos, String why) {
      hung.add(why);
    }

    @Override
    public void broken(Connection c, MemcacheException cause, boolean everAnswered) {
      broken.add(cause);
    }
  }
}
