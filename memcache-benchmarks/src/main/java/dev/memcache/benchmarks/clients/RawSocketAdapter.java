package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline: one blocking socket, one request at a time, text protocol, no pipelining, no
 * abstraction. It shows what a single caller's round trip costs on this machine; only one caller
 * may use it.
 */
final class RawSocketAdapter implements ClientAdapter {
  private static final int BUFFER = 256 * 1024;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request = new byte[BUFFER];
  private final byte[] reply = new byte[BUFFER];
  private int requestLength;
  private int pos;
  private int limit;

  private RawSocketAdapter(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
  }

  static ClientAdapter open(String host, int port, BenchSettings settings) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout((int) settings.timeout().toMillis());
    socket.connect(new InetSocketAddress(host, port), (int) settings.timeout().toMillis());
    return new RawSocketAdapter(socket);
  }

  @Override
  public synchronized byte[] get(String key) throws IOException {
    append("get " + key + "\r\n");
    send();
    return readValues().get(key);
  }

  @Override
  public synchronized boolean set(String key, byte[] value) throws IOException {
    append("set " + key + " 0 0 " + value.length + "\r\n");
    System.arraycopy(value, 0, request, requestLength, value.length);
    requestLength += value.length;
    append("\r\n");
    send();
    String line = readLine();
    if (line.equals("STORED")) return true;
    if (line.equals("NOT_STORED")) return false;
    throw new IOException("unexpected reply to set: " + line);
  }

  @Override
  public synchronized Map<String, ?> getMulti(List<String> keys) throws IOException {
    append("get " + String.join(" ", keys) + "\r\n");
    send();
    return readValues();
  }

  /** Reads {@code VALUE <key> <flags> <bytes>} blocks up to {@code END}. */
  private Map<String, byte[]> readValues() throws IOException {
    Map<String, byte[]> values = new HashMap<>();
    for (String header = readLine(); !header.equals("END"); header = readLine()) {
      String[] parts = header.split(" ");
      if (parts.length < 4 || !parts[0].equals("VALUE"))
        throw new IOException("unexpected reply to get: " + header);
      byte[] value = new byte[Integer.parseInt(parts[3])];
      readFully(value);
      if (!readLine().isEmpty())
        throw new IOException("value block of " + parts[1] + " not ended by CRLF");
      values.put(parts[1], value);
    }
    return values;
  }

  /** The next reply line without its CRLF, parsed in place from the read buffer. */
  private String readLine() throws IOException {
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
      if (pos > 0) { // compact, then read more
        System.arraycopy(reply, pos, reply, 0, limit - pos);
        scanned -= pos;
        limit -= pos;
        pos = 0;
      }
      if (limit == reply.length)
        throw new IOException("reply line longer than " + reply.length + " bytes");
      fill();
    }
  }

  private void readFully(byte[] value) throws IOException {
    int off = Math.min(value.length, limit - pos);
    System.arraycopy(reply, pos, value, 0, off);
    pos += off;
    while (off < value.length) {
      int r = in.read(value, off, value.length - off);
      if (r < 0) throw new EOFException("memcached closed the connection inside a value");
      off += r;
    }
  }

  private void fill() throws IOException {
    int r = in.read(reply, limit, reply.length - limit);
    if (r < 0) throw new EOFException("memcached closed the connection");
    limit += r;
  }

  private void append(String ascii) {
    for (int i = 0; i < ascii.length(); i++) request[requestLength++] = (byte) ascii.charAt(i);
  }

  /** Sends the request in one write. */
  private void send() throws IOException {
    out.write(request, 0, requestLength);
    requestLength = 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
