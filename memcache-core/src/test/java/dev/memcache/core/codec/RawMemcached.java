package dev.memcache.core.codec;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Text-protocol {@code set} and {@code get} of raw flags and bytes over a plain socket, independent
 * of any client.
 */
final class RawMemcached implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawMemcached(String host, int port) {
    try {
      socket = new Socket(host, port);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void set(String key, CachedValue value) {
    try {
      byte[] data = value.bytes();
      out.write(
          ("set "
                  + key
                  + " "
                  + Integer.toUnsignedString(value.flags())
                  + " 0 "
                  + data.length
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(data);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = line();
      if (!reply.equals("STORED")) throw new IllegalStateException("set " + key + ": " + reply);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stored flags and bytes, or {@code null} on a miss. */
  CachedValue get(String key) {
    try {
      out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String header = line();
      if (header.equals("END")) return null;
      String[] parts = header.split(" ");
      if (parts.length != 4 || !parts[0].equals("VALUE"))
        throw new IllegalStateException("get " + key + ": " + header);
      byte[] data = in.readNBytes(Integer.parseInt(parts[3]) + 2);
      String end = line();
      if (!end.equals("END")) throw new IllegalStateException("get " + key + ": " + end);
      return new CachedValue(
          Integer.parseUnsignedInt(parts[2]), java.util.Arrays.copyOf(data, data.length - 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) throw new IOException("connection closed");
      if (c != '\r') b.write(c);
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test socket
    }
  }
}
