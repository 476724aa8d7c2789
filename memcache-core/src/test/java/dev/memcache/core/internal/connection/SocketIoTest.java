package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The plain socket's reads as the reader thread makes them: a read that finds nothing waits on the
 * socket's selector, and that wait allocates nothing. A selector's {@code select()} adds the ready
 * key to its selected-key set (a {@code HashMap} node, 32 bytes) on every wakeup; the reader thread
 * of a quiet connection waits once every few replies, which showed as about 4 bytes a get in the
 * allocation benchmark beside the request and the value. The writes that carry the round trips go
 * straight from the array where native access allows ({@link NativeSocket}) and allocate nothing
 * either: a first build that captured {@code errno} in every write failed here (the JDK slices the
 * capture segment in each call: 450,528 bytes for 2,000 round trips, and with the other segments
 * made once still 82,528, none only once the JIT's last tier had compiled it, which with both CPUs
 * busy it did not in 4 runs of 8).
 */
class SocketIoTest {
  private static final int ROUNDS = 2_000;

  @Test
  void aReadThatWaitsForTheSocketAllocatesNothing() throws Exception {
    // The writes this build makes: straight from the array, from the first round trip on.
    assertTrue(NativeSocket.available(), "native access, as this build's tests run");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(loopback, 0));
      SocketChannel client = SocketChannel.open(server.getLocalAddress());
      try (Socket peer = server.accept().socket();
          SocketIo io = SocketIo.of(client.socket())) {
        // The peer answers each byte it reads with one byte, 50 us later: the test's read is
        // waiting on the selector by then.
        CompletableFuture<Void> echo = new CompletableFuture<>();
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    InputStream in = peer.getInputStream();
                    OutputStream out = peer.getOutputStream();
                    for (int i = 0; i < 2 * ROUNDS; i++) {
                      int b = in.read();
                      if (b < 0) break;
                      LockSupport.parkNanos(50_000);
                      out.write(b);
                    }
                    echo.complete(null);
                  } catch (Throwable e) {
                    echo.completeExceptionally(e);
                  }
                });
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] one = new byte[1];
        pingPong(io, one, ROUNDS); // warms the path up (the JIT, the JDK's per-thread buffers)
        long before = threads.getCurrentThreadAllocatedBytes();
        pingPong(io, one, ROUNDS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        echo.get(10, TimeUnit.SECONDS);
        assertTrue(
            allocated < ROUNDS,
            "a read that waits allocates nothing (a byte a round trip is the measurement's own); "
                + ROUNDS
                + " round trips allocated "
                + allocated
                + " bytes");
      }
    }
  }

  private static void pingPong(SocketIo io, byte[] one, int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      one[0] = (byte) i;
      io.out.write(one, 0, 1);
      io.out.flush();
      assertEquals(1, io.in.read(one, 0, 1));
      assertEquals((byte) i, one[0]);
    }
  }
}
