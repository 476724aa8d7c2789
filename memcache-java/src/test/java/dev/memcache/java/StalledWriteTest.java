package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts and never reads: socket writes block. Callers still fail at their deadline,
 * and the connection whose write stays blocked is closed as stalled.
 */
class StalledWriteTest {
  private static final int CALLERS = 20;
  private static final byte[] VALUE = new byte[512 * 1024];

  @Test
  void everyCallerFailsOnTimeWhenTheServerNeverReads() throws Exception {
    try (NeverReadingServer server = new NeverReadingServer();
        MemcacheClient client =
            MemcacheClient.builder()
                .servers(server.address())
                .operationTimeout(Duration.ofMillis(500))
                .hangTimeout(Duration.ofSeconds(3)) // far later: a caller must not wait for it
                .build()) {
      List<Outcome> outcomes = setFromEveryCaller(client, CALLERS);
      long maxLateMillis = 0;
      for (Outcome o : outcomes) {
        assertInstanceOf(MemcacheTimeoutException.class, o.failure(), "" + o.failure());
        maxLateMillis = Math.max(maxLateMillis, o.millis() - 500);
      }
      System.out.printf(
          "never-reading server, %d callers setting 512 KB, 500 ms timeout: max lateness %d ms%n",
          CALLERS, maxLateMillis);
      assertTrue(maxLateMillis <= 300, "a caller failed " + maxLateMillis + " ms late");
    }
  }

  @Test
  void aWriteBlockedPastTheHangTimeoutClosesTheConnectionAsStalled() throws Exception {
    try (NeverReadingServer server = new NeverReadingServer();
        MemcacheClient client =
            MemcacheClient.builder()
                .servers(server.address())
                .operationTimeout(Duration.ofSeconds(5))
                .hangTimeout(Duration.ofMillis(500))
                .build()) {
      // More than the socket buffers hold: some requests are in flight, some never written when
      // the connection is closed.
      List<Outcome> outcomes = setFromEveryCaller(client, CALLERS);
      int unsent = 0;
      for (Outcome o : outcomes) {
        MemcacheException e = o.failure();
        assertTrue(e.getMessage().contains("closed as stalled"), e.getMessage());
        if (e.getMessage().contains("before it was sent")) {
          unsent++;
          assertInstanceOf(MemcacheTimeoutException.class, e, "never written: " + e);
        } else {
          assertInstanceOf(MemcacheConnectionException.class, e, "written: " + e);
        }
        assertTrue(o.millis() < 2_500, "failed after " + o.millis() + " ms: " + e);
      }
      System.out.printf(
          "stalled after %d sets of 512 KB: %d never written, the rest in flight%n",
          outcomes.size(), unsent);
      assertTrue(server.firstConnectionClosedByClient(), "the stalled socket is closed");
    }
  }

  private record Outcome(long millis, MemcacheException failure) {}

  private static List<Outcome> setFromEveryCaller(MemcacheClient client, int n) throws Exception {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "big-" + i;
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long start = System.nanoTime();
                    try {
                      client.set(key, VALUE);
                      outcomes.add(new Outcome(-1, null));
                    } catch (MemcacheException e) {
                      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                      outcomes.add(new Outcome(ms, e));
                    }
                  }));
    }
    for (Thread t : callers) assertTrue(t.join(Duration.ofSeconds(10)), "caller still blocked");
    assertEquals(n, outcomes.size());
    for (Outcome o : outcomes) assertTrue(o.failure() != null, "a set succeeded on no server");
    return outcomes;
  }

  /**
   * Accepts connections on loopback and never reads from them. (The test kit's scripted hostile
   * server can replace this stub.)
   */
  private static final class NeverReadingServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor =
        Thread.ofVirtual()
            .unstarted(
                () -> {
                  try {
                    while (true) accepted.add(listener.accept());
                  } catch (IOException closed) {
                    // the test is over
                  }
                });

    NeverReadingServer() throws IOException {
      // A small fixed receive buffer (no autotuning to 32 MB): the client's writes block soon.
      listener.setReceiveBufferSize(64 * 1024);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      acceptor.start();
    }

    String address() {
      return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Reads the first connection to its end: true when the client closed (or reset) it. */
    boolean firstConnectionClosedByClient() throws IOException {
      Socket s = accepted.get(0);
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      try {
        while (in.read(buf) >= 0) {
          // drain what the client wrote before it closed
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (SocketException reset) {
        return true;
      }
    }

    @Override
    public void close() throws Exception {
      listener.close();
      acceptor.join(1_000);
      for (Socket s : accepted) s.close();
    }
  }
}
