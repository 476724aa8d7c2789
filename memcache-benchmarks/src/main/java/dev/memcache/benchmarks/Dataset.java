package dev.memcache.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Keys and their values. Every value starts with its own key and is filled with a pattern derived
 * from the key's index, so a reply that carries another key's bytes is caught as a mismatch.
 */
public final class Dataset {
  private final String[] keys;
  private final byte[][] values;
  private final int multiStride;

  private Dataset(String prefix, int count, int valueSize, int keysPerMulti) {
    keys = new String[count];
    values = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = prefix + i;
      values[i] = valueFor(keys[i], i, valueSize);
    }
    multiStride = Math.max(1, count / keysPerMulti);
  }

  /** 100-byte values, for every cell but the large one. */
  public static Dataset small(int count) {
    return new Dataset("bench:v100:", count, 100, 10);
  }

  /** 100 KB values. */
  public static Dataset large(int count) {
    return new Dataset("bench:v100k:", count, 100 * 1024, 10);
  }

  private static byte[] valueFor(String key, int index, int size) {
    byte[] v = new byte[size];
    byte[] k = (key + "=").getBytes(StandardCharsets.US_ASCII);
    for (int j = 0; j < size; j++) {
      v[j] = j < k.length ? k[j] : (byte) ('a' + (index * 7 + j) % 26);
    }
    return v;
  }

  public int size() {
    return keys.length;
  }

  public String key(int i) {
    return keys[i];
  }

  public byte[] value(int i) {
    return values[i];
  }

  /** Whether {@code reply} holds exactly the bytes of key {@code i}. */
  public boolean matches(int i, Object reply) {
    return reply instanceof byte[] b && Arrays.equals(b, values[i]);
  }

  /** The index of the j-th key of the multi-get that starts at key {@code first}; all distinct. */
  public int multiIndex(int first, int j) {
    return (first + j * multiStride) % keys.length;
  }

  /** The keys of the multi-get that starts at key {@code first}. */
  public List<String> multiKeys(int first, int count) {
    String[] k = new String[count];
    for (int j = 0; j < count; j++) k[j] = keys[multiIndex(first, j)];
    return Arrays.asList(k);
  }

  /**
   * Stores every value on the server with pipelined text-protocol sets, independent of any client
   * under test, and waits until the server has handled them all.
   */
  public void preload(String host, int port) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < keys.length; i++) {
        String header = "set " + keys[i] + " 0 0 " + values[i].length + " noreply\r\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(values[i]);
        out.write('\r');
        out.write('\n');
      }
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder line = new StringBuilder();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) throw new IOException("memcached closed the connection during preload");
        line.append((char) c);
      }
      if (!line.toString().startsWith("VERSION"))
        throw new IOException("preload failed: " + line.toString().strip());
    }
  }
}
