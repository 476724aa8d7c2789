package dev.memcache.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The steps a {@link HostileServer.Script} is made of, and what they share. Each runs on the
 * connection's own thread and returns the last request read, for replies computed from it.
 */
final class HostileSteps {
  private HostileSteps() {}

  /** One step of a script; returns the last request read (for replies computed from it). */
  @FunctionalInterface
  interface Step {
    byte[] run(HostileServer server, Socket s, InputStream in, OutputStream out, byte[] last)
        throws IOException, InterruptedException;
  }

  /** Reads one line, CRLF included, and records it. */
  static Step readLine() {
    return (server, s, in, out, last) -> {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) throw new EOFException("client closed");
        line.write(b);
        if (previous == '\r' && b == '\n') break;
        previous = b;
      }
      byte[] request = line.toByteArray();
      server.requests.add(request);
      return request;
    };
  }

  /** Reads one binary packet (header and the body it declares) and records it. */
  static Step readBinaryRequest() {
    return (server, s, in, out, last) -> {
      byte[] header = in.readNBytes(24);
      if (header.length < 24) throw new EOFException("client closed");
      int body = ByteBuffer.wrap(header, 8, 4).getInt();
      byte[] request = new byte[24 + body];
      System.arraycopy(header, 0, request, 0, 24);
      if (in.readNBytes(request, 24, body) < body) throw new EOFException("client closed");
      server.requests.add(request);
      return request;
    };
  }

  /** Writes what {@code reply} computes from the last request, at once. */
  static Step replyTo(UnaryOperator<byte[]> reply) {
    return (server, s, in, out, last) -> {
      out.write(reply.apply(last));
      out.flush();
      return last;
    };
  }

  /** Writes what {@code reply} computes, {@code chunk} bytes at a time, {@code interval} apart. */
  static Step replySlowlyTo(UnaryOperator<byte[]> reply, int chunk, Duration interval) {
    if (chunk < 1) throw new IllegalArgumentException("chunk must be positive, was " + chunk);
    long nanos = interval.toNanos();
    return (server, s, in, out, last) -> {
      byte[] bytes = reply.apply(last);
      for (int i = 0; i < bytes.length; i += chunk) {
        out.write(bytes, i, Math.min(chunk, bytes.length - i));
        out.flush();
        if (server.closed.await(nanos, TimeUnit.NANOSECONDS)) break;
      }
      return last;
    };
  }

  /** Waits {@code time}, or until the server closes. */
  static Step pause(Duration time) {
    return (server, s, in, out, last) -> {
      server.closed.await(time.toNanos(), TimeUnit.NANOSECONDS);
      return last;
    };
  }

  /** Holds the connection without reading until the server closes. */
  static Step neverRead() {
    return (server, s, in, out, last) -> {
      server.closed.await();
      return last;
    };
  }

  /** Reads and drops every byte until either side closes. */
  static Step neverReply() {
    return (server, s, in, out, last) -> {
      discard(in);
      return last;
    };
  }

  /** Closes the connection: a FIN, or an RST (linger 0) when {@code reset}. */
  static Step close(boolean reset) {
    return (server, s, in, out, last) -> {
      if (reset) s.setSoLinger(true, 0);
      s.close();
      return last;
    };
  }

  /** Relays both ways to the real server on the loopback {@code port} until either side closes. */
  static Step relayTo(int port) {
    return (server, s, in, out, last) -> {
      try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
        server.sockets.add(upstream);
        Thread back =
            Thread.ofPlatform().daemon().name("hostile-relay").start(() -> pipe(upstream, s));
        server.threads.add(back);
        pipe(s, upstream);
        back.join(2_000);
      }
      return last;
    };
  }

  /**
   * Runs {@code steps} on the accepted {@code s}, then reads and drops until either side closes.
   */
  static void serve(HostileServer server, Socket s, List<Step> steps) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] last = new byte[0];
      for (Step step : steps) {
        if (server.closed.getCount() == 0) return;
        last = step.run(server, s, in, out, last);
      }
      discard(in); // a script without a final step: hold the connection, read and drop
    } catch (IOException e) {
      // the client went away, or the server is closing: nothing more to do on this connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A binary response header; see {@link HostileServer#binaryHeader}. */
  static byte[] binaryHeader(
      int opcode,
      int status,
      int extrasLength,
      int keyLength,
      long bodyLength,
      int opaque,
      long cas) {
    return ByteBuffer.allocate(24)
        .put((byte) 0x81)
        .put((byte) opcode)
        .putShort((short) keyLength)
        .put((byte) extrasLength)
        .put((byte) 0)
        .putShort((short) status)
        .putInt((int) bodyLength)
        .putInt(opaque)
        .putLong(cas)
        .array();
  }

  /** Reads and drops everything until the end of the stream. */
  static void discard(InputStream in) throws IOException {
    byte[] sink = new byte[8192];
    while (in.read(sink) >= 0) {
      // drop
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // one side closed
    }
    closeQuietly(from);
    closeQuietly(to);
  }
}
