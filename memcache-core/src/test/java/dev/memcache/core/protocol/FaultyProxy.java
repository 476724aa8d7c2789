package dev.memcache.core.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A TCP relay in front of a real memcached that, once armed, damages the next bytes the server
 * sends: replaces them (garbage, a corrupted status) or cuts the connection part way through.
 */
final class FaultyProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicReference<UnaryOperator<byte[]>> rewrite = new AtomicReference<>();
  private final AtomicInteger cutAfter = new AtomicInteger(-1);
  final AtomicInteger connections = new AtomicInteger();

  FaultyProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** The next chunk the server sends goes through {@code f} instead. */
  void rewriteNextReply(UnaryOperator<byte[]> f) {
    rewrite.set(f);
  }

  /** Relays {@code bytes} more bytes from the server, then closes the client's connection. */
  void cutAfter(int bytes) {
    cutAfter.set(bytes);
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> relay(client, server, false));
        Thread.ofVirtual().start(() -> relay(server, client, true));
      }
    } catch (IOException closed) {
      // the proxy was closed
    }
  }

  private void relay(Socket from, Socket to, boolean fromServer) {
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        byte[] chunk = java.util.Arrays.copyOf(buf, n);
        if (fromServer) {
          UnaryOperator<byte[]> f = rewrite.getAndSet(null);
          if (f != null) chunk = f.apply(chunk);
          int cut = cutAfter.get();
          if (cut >= 0) {
            if (chunk.length >= cut) {
              out.write(chunk, 0, cut);
              out.flush();
              cutAfter.set(-1);
              from.close();
              to.close();
              return;
            }
            cutAfter.set(cut - chunk.length);
          }
        }
        out.write(chunk);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) s.close();
  }
}
