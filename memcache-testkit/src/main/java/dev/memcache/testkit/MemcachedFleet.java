package dev.memcache.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A few real memcached servers, and a raw text-protocol look-up of which of them holds each key (so
 * placement is observed on the servers, not inferred from any client's code). For routing tests: a
 * client (or several) spreads keys over the fleet, then {@link #locate} says where each one landed.
 */
public final class MemcachedFleet implements AutoCloseable {
  private static final int BATCH = 50;
  private static final int TIMEOUT_MS = 5_000;

  private final List<MemcachedServer> servers = new ArrayList<>();

  /**
   * Starts {@code count} servers with default options; stops those started when one fails.
   *
   * @param count the number of servers
   */
  public MemcachedFleet(int count) {
    try {
      for (int i = 0; i < count; i++) servers.add(MemcachedServer.builder().start());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The servers, in the order they were started.
   *
   * @return the servers
   */
  public List<MemcachedServer> servers() {
    return servers;
  }

  /**
   * The servers as {@code "host:port"}, in order; {@code weights} (when given) appended as {@code "
   * w"}.
   *
   * @param weights one weight per server, or none
   * @return one address per server, in order
   */
  public List<String> addresses(int... weights) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      out.add(servers.get(i).address() + (weights.length == 0 ? "" : " " + weights[i]));
    }
    return out;
  }

  /** Empties every server. */
  public void flushAll() {
    for (MemcachedServer s : servers) {
      byte[] reply = exchange(s, "flush_all\r\n".getBytes(StandardCharsets.US_ASCII));
      if (!new String(reply, StandardCharsets.US_ASCII).startsWith("OK")) {
        throw new IllegalStateException(
            "flush_all on " + s + " answered " + new String(reply, StandardCharsets.US_ASCII));
      }
    }
  }

  /**
   * For each key, the index of the server holding it; -1 when none does. Throws when a key is on
   * more than one server (placement would then prove nothing).
   *
   * @param keys the keys to look for
   * @return for each key, the index of the server that holds it
   */
  public int[] locate(List<String> keys) {
    Map<String, Integer> where = new HashMap<>();
    for (int s = 0; s < servers.size(); s++) {
      for (String key : keysOn(servers.get(s), keys)) {
        Integer before = where.put(key, s);
        if (before != null)
          throw new IllegalStateException("key " + key + " is on servers " + before + " and " + s);
      }
    }
    int[] out = new int[keys.size()];
    for (int i = 0; i < out.length; i++) out[i] = where.getOrDefault(keys.get(i), -1);
    return out;
  }

  /**
   * The keys among {@code keys} that {@code server} holds, found with multi-key {@code get}s.
   *
   * @param server the server to ask
   * @param keys the keys to look for
   * @return the keys the server holds
   */
  public static Set<String> keysOn(MemcachedServer server, List<String> keys) {
    return new HashSet<>(valuesOn(server, keys).keySet());
  }

  /**
   * The values {@code server} holds for any of {@code keys} (UTF-8 keys), read with raw {@code
   * get}s.
   *
   * @param server the server to ask
   * @param keys the keys to look for
   * @return the keys the server holds, with their stored bytes
   */
  public static Map<String, byte[]> valuesOn(MemcachedServer server, List<String> keys) {
    Map<String, byte[]> found = new HashMap<>();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.host(), server.port()), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int from = 0; from < keys.size(); from += BATCH) {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        cmd.writeBytes("get".getBytes(StandardCharsets.US_ASCII));
        for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
          cmd.write(' ');
          cmd.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        }
        cmd.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(cmd.toByteArray());
        out.flush();
        readValues(in, found);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read keys from " + server, e);
    }
    return found;
  }

  /**
   * Reads {@code VALUE <key> <flags> <bytes>} blocks up to {@code END}, adding each key and value.
   */
  private static void readValues(InputStream in, Map<String, byte[]> found) throws IOException {
    while (true) {
      byte[] line = readLine(in);
      String text = new String(line, StandardCharsets.UTF_8);
      if (text.equals("END")) return;
      String[] parts = text.split(" ");
      if (parts.length < 4 || !parts[0].equals("VALUE"))
        throw new IOException("unexpected reply: " + text);
      int length = Integer.parseInt(parts[3]);
      byte[] data = in.readNBytes(length + 2);
      if (data.length != length + 2) throw new IOException("value of " + parts[1] + " cut short");
      found.put(parts[1], Arrays.copyOf(data, length));
    }
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) throw new IOException("connection closed mid-line: " + line);
      if (b != '\r') line.write(b);
    }
    return line.toByteArray();
  }

  /** Sends {@code command} and returns the first reply line. */
  private static byte[] exchange(MemcachedServer server, byte[] command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.host(), server.port()), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(command);
      return readLine(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to " + server, e);
    }
  }

  @Override
  public void close() {
    for (MemcachedServer s : servers) s.close();
  }

  @Override
  public String toString() {
    return Arrays.toString(servers.toArray());
  }
}
