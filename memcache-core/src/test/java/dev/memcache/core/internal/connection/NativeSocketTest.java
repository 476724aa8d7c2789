package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Reads straight into a value's array and writes straight from the writer's ({@link NativeSocket},
 * through {@link SocketIo}'s scattering read and its output stream): on Linux with native access,
 * as this build's tests run, the kernel copies the bytes between the socket and the array and the
 * channel's temporary direct buffer is not used. These check that the reads are the socket's own
 * (found among many open sockets), whole and in order, that writes the socket takes in parts arrive
 * whole and in order, and that the socket's end, a reset, a close while a read or a write waits,
 * and a close's effect on the server are what they were with the channel's calls.
 */
class NativeSocketTest {
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private ServerSocketChannel server;
  private final List<AutoCloseable> others = new ArrayList<>();

  @BeforeAll
  static void theKernelCopiesIntoTheArraysOnThisBuildsJvm() throws InterruptedException {
    // and a socket connected from now on attaches at once: the linking has ended
    assertTrue(
        NativeSocket.available(),
        "the tests run on Linux, JDK 22 or later, with --enable-native-access=ALL-UNNAMED");
  }

  @BeforeEach
  void listen() throws IOException {
    server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : others) c.close();
    server.close();
  }

  @Test
  void aSocketAmongManyReadsItsOwnPeersBytesIntoItsArrays() throws Exception {
    // Sockets opened before and after ours, each peer sending bytes of its own: a descriptor
    // matched wrongly would read another peer's bytes, or none.
    for (int i = 0; i < 40; i++) connectOther((byte) i);
    SocketChannel client = SocketChannel.open(server.getLocalAddress());
    Socket peer = server.accept().socket();
    for (int i = 40; i < 80; i++) connectOther((byte) i);
    try (peer;
        SocketIo io = SocketIo.of(client.socket())) {
      byte[] value = new byte[300_000], after = new byte[4096];
      new Random(7).nextBytes(value);
      byte[] tail = "END\r\n".getBytes();
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = peer.getOutputStream();
                  for (int off = 0; off < value.length; off += 8192) { // in pieces, as it comes
                    out.write(value, off, Math.min(8192, value.length - off));
                  }
                  out.write(tail);
                  out.flush();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      ByteBuffer rest = ByteBuffer.allocate(value.length), next = ByteBuffer.wrap(after);
      ByteBuffer[] both = {rest, next};
      int reads = 0;
      while (next.position() < tail.length) {
        assertTrue(io.read(both) > 0);
        assertTrue(++reads < 100_000);
      }
      sent.get(10, TimeUnit.SECONDS);
      assertArrayEquals(value, rest.array());
      assertEquals("END\r\n", new String(after, 0, next.position()));
      assertEquals(value.length + tail.length, io.bytesReadIntoArrays(), "copied by the kernel");
    }
  }

  @Test
  void aValueThatArrivedBeyondOneCallsCopyComesWholeInOneRead() throws Exception {
    // One call copies at most 256 KB (a critical call holds off safepoints); a read takes all that
    // has arrived in as many calls.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      Socket peer = c.peer;
      peer.setSendBufferSize(4 << 20);
      c.client.socket().setReceiveBufferSize(4 << 20);
      byte[] value = new byte[1 << 20];
      new Random(8).nextBytes(value);
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  peer.getOutputStream().write(value);
                  peer.getOutputStream().write("END\r\n".getBytes());
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      ByteBuffer rest = ByteBuffer.allocate(value.length), next = ByteBuffer.allocate(4096);
      ByteBuffer[] both = {rest, next};
      long first = 0;
      for (int i = 0; i < 200 && first <= 256 * 1024; i++) {
        Thread.sleep(5); // until more than one call's copy has arrived
        first = io.bytesReadIntoArrays() + c.client.socket().getInputStream().available();
      }
      long firstRead = io.read(both);
      assertTrue(firstRead > 256 * 1024, "one read took " + firstRead + " bytes");
      int reads = 1;
      while (next.position() < 5) {
        assertTrue(io.read(both) > 0);
        assertTrue(++reads < 100_000);
      }
      sent.get(10, TimeUnit.SECONDS);
      assertArrayEquals(value, rest.array());
      assertEquals("END\r\n", new String(next.array(), 0, next.position()));
    }
  }

  @Test
  void theEndOfTheStreamInAValueIsTheChannelsEnd() throws Exception {
    try (Connected c = connect()) {
      SocketIo io = c.io;
      ByteBuffer[] both = sentThenClosed(c, false);
      ByteBuffer rest = both[0];
      long n;
      int reads = 0;
      while ((n = io.read(both)) > 0) assertTrue(++reads < 100_000);
      assertEquals(-1, n);
      assertEquals(50_000, rest.position());
      assertEquals(-1, io.readArrived(both), "the end again, without waiting");
    }
  }

  @Test
  void aResetInAValueIsAReset() throws Exception {
    // recv takes the socket's error when it reports it: the channel's read after it would find
    // the end of the stream, so the error must come from the recv's own errno.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      ByteBuffer[] both = sentThenClosed(c, true);
      assertAReset(
          () -> {
            for (int i = 0; i < 100_000; i++) {
              if (io.read(both) < 0) return;
            }
          });
    }
  }

  /** {@code read} throws the reset the server's close with {@code SO_LINGER} 0 sent. */
  private static void assertAReset(Executable read) {
    IOException e = assertThrows(IOException.class, read);
    assertTrue(e.getMessage() != null && e.getMessage().contains("Connection reset"), e.toString());
  }

  @Test
  void aResetRightAfterAValueIsAReset() throws Exception {
    // The value comes whole and the read goes on into the buffer, where recv takes the reset; the
    // reader's next read is the stream's (the value was whole), and must see the reset, not an end.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      ByteBuffer[] both = sentThenClosed(c, true);
      ByteBuffer value = ByteBuffer.allocate(50_000);
      Thread.sleep(200); // the value and the reset have arrived
      assertEquals(50_000, io.read(new ByteBuffer[] {value, both[1]}));
      assertAReset(() -> io.in.read(new byte[4096], 0, 4096));
    }
  }

  @Test
  void aCloseWakesAWaitingReadWithAClosedChannelsError() throws Exception {
    try (Connected c = connect()) {
      SocketIo io = c.io;
      ByteBuffer[] both = {ByteBuffer.allocate(100_000), ByteBuffer.allocate(4096)};
      assertEquals(0, io.readArrived(both), "nothing has arrived");
      CompletableFuture<Long> reading = onItsOwnThread(() -> io.read(both));
      Thread.sleep(100); // the read waits on the selector by now (if not, it finds the close)
      assertFalse(reading.isDone());
      io.close();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> reading.get(10, TimeUnit.SECONDS));
      assertInstanceOf(ClosedChannelException.class, e.getCause(), "not the server's end");
      assertThrows(ClosedChannelException.class, () -> io.readArrived(both));
    }
  }

  @Test
  void closingEndsTheConnectionForTheServer() throws Exception {
    // The reads' own descriptor keeps the socket open after the channel closes, so the close
    // shuts it down: the server sees the end of the stream, as it did.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      Socket peer = c.peer;
      io.out.write("get k\r\n".getBytes());
      InputStream in = peer.getInputStream();
      assertEquals(7, in.readNBytes(7).length);
      io.close();
      peer.setSoTimeout(10_000);
      try {
        assertEquals(-1, in.read(), "the end of the stream");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server never saw the close", e);
      } catch (IOException reset) {
        // a reset ends it too
      }
    }
  }

  @Test
  void aWriteTheSocketTakesInPartsArrivesWholeAndInOrderStraightFromItsArray() throws Exception {
    // 4 MB, far more than the socket's buffers: the write writes what fits, waits for room and
    // writes on, while the server reads slowly in small pieces.
    try (Connected c = connect()) {
      byte[] value = new byte[4 << 20];
      new Random(11).nextBytes(value);
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  InputStream in = c.peer.getInputStream();
                  byte[] got = new byte[value.length], piece = new byte[1000];
                  for (int off = 0, n; off < got.length; off += n) {
                    n = in.read(piece, 0, Math.min(piece.length, got.length - off));
                    if (n < 0) throw new IOException("ended at " + off);
                    System.arraycopy(piece, 0, got, off, n);
                  }
                  return got;
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      c.io.out.write(value, 0, value.length);
      assertArrayEquals(value, received.get(30, TimeUnit.SECONDS));
      assertEquals(value.length, c.io.bytesWrittenFromArrays(), "copied by the kernel");
    }
  }

  @Test
  void aWriteToAResetServerFailsAndSoDoesEveryWriteAfterIt() throws Exception {
    // The first write takes the reset (without errno: the JDK allocates to capture it) and the
    // second, made to learn why, finds the pipe broken.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      c.peer.setSoLinger(true, 0);
      c.peer.close();
      Thread.sleep(100); // the reset has arrived
      for (int i = 0; i < 3; i++) {
        IOException e =
            assertThrows(IOException.class, () -> io.out.write(new byte[1000], 0, 1000));
        assertEquals("Broken pipe", e.getMessage());
      }
      assertEquals(0, io.bytesWrittenFromArrays());
    }
  }

  @Test
  void aWriteAfterTheSocketWasShutFailsWithABrokenPipeNotASignal() throws Exception {
    // write fails with EPIPE, which also raises SIGPIPE: the JVM ignores it, as for the channel's
    // own writes.
    try (Connected c = connect()) {
      c.client.shutdownOutput();
      IOException e = assertThrows(IOException.class, () -> c.io.out.write(new byte[100], 0, 100));
      assertEquals("Broken pipe", e.getMessage());
    }
  }

  @Test
  void writesToAServerThatClosedFail() throws Exception {
    // The server's close answers the next write with a reset, which the write after it takes.
    try (Connected c = connect()) {
      SocketIo io = c.io;
      c.peer.close();
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                for (int i = 0; i < 1000; i++) {
                  io.out.write(new byte[100], 0, 100);
                  Thread.sleep(1);
                }
              });
      assertInstanceOf(SocketException.class, e);
      assertTrue(
          e.getMessage().contains("Connection reset") || e.getMessage().contains("Broken pipe"),
          e.toString());
    }
  }

  @Test
  void aCloseWakesAWaitingWriteWithAClosedChannelsError() throws Exception {
    try (Connected c = connect()) {
      SocketIo io = c.io;
      byte[] big = new byte[64 << 20]; // the server reads none of it: the write waits for room
      CompletableFuture<Integer> writing =
          onItsOwnThread(
              () -> {
                io.out.write(big, 0, big.length);
                return big.length;
              });
      Thread.sleep(200); // the write waits on the selector by now (if not, it finds the close)
      assertFalse(writing.isDone());
      long sent = io.bytesWrittenFromArrays();
      assertTrue(sent > 0 && sent < big.length, "sent in part: " + sent);
      io.close();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> writing.get(10, TimeUnit.SECONDS));
      assertInstanceOf(ClosedChannelException.class, e.getCause(), "not the server's end");
      assertThrows(ClosedChannelException.class, () -> io.out.write(big, 0, 10));
    }
  }

  /** {@code call}'s outcome, on a platform thread of its own. */
  private static <T> CompletableFuture<T> onItsOwnThread(Callable<T> call) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    Thread.ofPlatform()
        .start(
            () -> {
              try {
                outcome.complete(call.call());
              } catch (Throwable e) {
                outcome.completeExceptionally(e);
              }
            });
    return outcome;
  }

  /** Our side read and written through {@link SocketIo}, the server's a plain socket. */
  private record Connected(SocketIo io, Socket peer, SocketChannel client)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (peer) {
        io.close();
      }
    }
  }

  /**
   * The server sends 50 KB of a 100 KB value and closes, with a reset if {@code reset}; returns the
   * value's buffer and the one after it, for a scattering read.
   */
  private static ByteBuffer[] sentThenClosed(Connected c, boolean reset) throws IOException {
    c.peer.getOutputStream().write(new byte[50_000]);
    if (reset) c.peer.setSoLinger(true, 0);
    c.peer.close();
    return new ByteBuffer[] {ByteBuffer.allocate(100_000), ByteBuffer.allocate(4096)};
  }

  private Connected connect() throws IOException {
    SocketChannel client = SocketChannel.open(server.getLocalAddress());
    Socket peer = server.accept().socket();
    return new Connected(SocketIo.of(client.socket()), peer, client);
  }

  private void connectOther(byte fill) throws IOException {
    SocketChannel other = SocketChannel.open(server.getLocalAddress());
    Socket peer = server.accept().socket();
    others.add(other);
    others.add(peer);
    byte[] noise = new byte[1000];
    Arrays.fill(noise, fill);
    peer.getOutputStream().write(noise);
  }
}
