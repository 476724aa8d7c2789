package dev.memcache.benchmarks.clients;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One blocking socket with the byte plumbing the raw baselines share: a request buffer sent in one
 * write, a reply buffer read in place 8 KB at a time (as a {@code BufferedInputStream} would), and
 * values read straight into their own arrays: a big value's bytes past the first read are copied
 * once. One caller at a time; each protocol writes its requests and parses its replies by hand.
 */
abstract class RawConnection implements AutoCloseable {
  private static final int BUFFER = 256 * 1024;
  private static final int READ = 8 * 1024;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request = new byte[BUFFER];
  protected final byte[] reply = new byte[BUFFER];
  private int requestLength;
  protected int pos;
  protected int limit;

  RawConnection(InetSocketAddress server, Duration timeout) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) timeout.toMillis());
    socket.connect(server, (int) timeout.toMillis());
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  abstract byte[] get(String key) throws IOException;

  abstract boolean set(String key, byte[] value) throws IOException;

  abstract Map<String, byte[]> getMulti(List<String> keys) throws IOException;

  final void append(String ascii) {
    for (int i = 0; i < ascii.length(); i++) request[requestLength++] = (byte) ascii.charAt(i);
  }

  final void append(byte[] bytes) {
    System.arraycopy(bytes, 0, request, requestLength, bytes.length);
    requestLength += bytes.length;
  }

  final void appendByte(int b) {
    request[requestLength++] = (byte) b;
  }

  final void appendShort(int v) {
    appendByte(v >>> 8);
    appendByte(v);
  }

  final void appendInt(int v) {
    appendShort(v >>> 16);
    appendShort(v);
  }

  /** Sends the request in one write. */
  final void send() throws IOException {
    out.write(request, 0, requestLength);
    requestLength = 0;
  }

  /** The next reply line without its CRLF, parsed in place from the read buffer. */
  final String readLine() throws IOException {
    for (int scanned = pos; ; ) {
      for (; scanned < limit; scanned++) {
        if (reply[scanned] == '\n') {
          if (scanned == pos || reply[scanned - 1] != '\r')
            throw new IOException("reply line not ended by CRLF");
          String line = new String(reply, pos, scanned - 1 - pos, StandardCharsets.US_ASCII);
          pos = scanned + 1;
          return line;
        }
      }
      scanned -= compact();
      if (limit == reply.length)
        throw new IOException("reply line longer than " + reply.length + " bytes");
      fill();
    }
  }

  /** Makes at least {@code n} (at most the buffer's size) reply bytes readable from {@code pos}. */
  final void need(int n) throws IOException {
    if (limit - pos >= n) return;
    compact();
    while (limit < n) fill();
  }

  /** Reads {@code value.length} bytes into it: what is buffered, then straight from the socket. */
  final void readFully(byte[] value) throws IOException {
    int off = Math.min(value.length, limit - pos);
    System.arraycopy(reply, pos, value, 0, off);
    pos += off;
    while (off < value.length) {
      int r = in.read(value, off, value.length - off);
      if (r < 0) throw new EOFException("memcached closed the connection inside a value");
      off += r;
    }
  }

  /** Moves the unread bytes to the front of the buffer; returns how far they moved. */
  private int compact() {
    int moved = pos;
    if (moved > 0) {
      System.arraycopy(reply, pos, reply, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    return moved;
  }

  private void fill() throws IOException {
    int r = in.read(reply, limit, Math.min(READ, reply.length - limit));
    if (r < 0) throw new EOFException("memcached closed the connection");
    limit += r;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
