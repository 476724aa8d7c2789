package dev.memcache.core.internal.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own ({@link NativeLinkingTest}), whose first connection starts the linking of
 * {@link NativeSocket}'s calls: prints what its connections did before and after the linking ended,
 * a line each. It holds the linking back by holding {@code NativeSocket}'s class lock, under which
 * the linking thread says it has linked: while held, the connections opened can only be on their
 * channels.
 */
final class FirstConnectionOfAColdJvm {
  private static final ConcurrentHashMap<Integer, CompletableFuture<Void>> ENDED =
      new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread.ofPlatform().daemon().start(() -> echoEach(server));
      SocketAddress at = server.getLocalAddress();
      SocketIo first, early;
      synchronized (NativeSocket.class) {
        first = SocketIo.of(SocketChannel.open(at).socket());
        System.out.println("first, while linking: " + counts(first));
        System.out.println("echoed while linking: " + echoes(first, 1_000));
        early = SocketIo.of(SocketChannel.open(at).socket());
        early.close();
        ended(1).get(10, TimeUnit.SECONDS); // the server saw its end
      }
      System.out.println("linked: " + NativeSocket.available());
      System.out.println("echoed once linked: " + echoes(first, 300_000));
      System.out.println("first, once linked: " + counts(first));
      System.out.println("second, closed while linking: " + counts(early));
      try (SocketIo third = SocketIo.of(SocketChannel.open(at).socket())) {
        System.out.println("third echoed: " + echoes(third, 1_000));
        System.out.println("third, opened once linked: " + counts(third));
      }
      first.close();
    }
  }

  private static CompletableFuture<Void> ended(int connection) {
    return ENDED.computeIfAbsent(connection, k -> new CompletableFuture<>());
  }

  private static String counts(SocketIo io) {
    return "read into arrays "
        + io.bytesReadIntoArrays()
        + ", written from arrays "
        + io.bytesWrittenFromArrays();
  }

  /** Sends {@code size} random bytes and reads them back: whether they came back whole. */
  private static boolean echoes(SocketIo io, int size) throws Exception {
    byte[] sent = new byte[size];
    new Random(size).nextBytes(sent);
    CompletableFuture<Void> written =
        CompletableFuture.runAsync(
            () -> {
              try {
                io.out.write(sent, 0, sent.length);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    ByteBuffer back = ByteBuffer.allocate(size);
    for (int reads = 0; back.hasRemaining() && reads < 100_000; reads++) {
      if (io.read(new ByteBuffer[] {back}) < 0) return false;
    }
    written.get(10, TimeUnit.SECONDS);
    return Arrays.equals(sent, back.array());
  }

  /** Echoes each connection on a thread of its own; notes when each (by order) ended. */
  private static void echoEach(ServerSocketChannel server) {
    for (int n = 0; ; n++) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException closed) {
        return;
      }
      CompletableFuture<Void> ended = ended(n);
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                try (c) {
                  while (c.read(buf) >= 0) {
                    buf.flip();
                    while (buf.hasRemaining()) c.write(buf);
                    buf.clear();
                  }
                } catch (IOException e) {
                  // a reset ends it too
                }
                ended.complete(null);
              });
    }
  }
}
