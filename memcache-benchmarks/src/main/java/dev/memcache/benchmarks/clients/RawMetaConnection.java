package dev.memcache.benchmarks.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta protocol by hand: {@code mg <key> v}, {@code ms <key> <size>}, and a multi-get as quiet
 * {@code mg <key> v k q} lines closed by {@code mn}.
 */
final class RawMetaConnection extends RawConnection {
  RawMetaConnection(InetSocketAddress server, Duration timeout) throws IOException {
    super(server, timeout);
  }

  @Override
  byte[] get(String key) throws IOException {
    append("mg " + key + " v\r\n");
    send();
    String line = readLine();
    if (line.equals("EN")) return null;
    return readValue(line, key);
  }

  @Override
  boolean set(String key, byte[] value) throws IOException {
    append("ms " + key + " " + value.length + "\r\n");
    append(value);
    append("\r\n");
    send();
    String line = readLine();
    if (line.equals("HD")) return true;
    if (line.equals("NS")) return false;
    throw new IOException("unexpected reply to ms: " + line);
  }

  @Override
  Map<String, byte[]> getMulti(List<String> keys) throws IOException {
    for (String key : keys) append("mg " + key + " v k q\r\n");
    append("mn\r\n");
    send();
    Map<String, byte[]> values = new HashMap<>();
    for (String line = readLine(); !line.equals("MN"); line = readLine()) {
      String key = null;
      for (String token : line.split(" ")) if (token.startsWith("k")) key = token.substring(1);
      if (key == null) throw new IOException("mg reply without its key: " + line);
      values.put(key, readValue(line, key));
    }
    return values;
  }

  /** The data block after a {@code VA <size> ...} line. */
  private byte[] readValue(String line, String key) throws IOException {
    if (!line.startsWith("VA ")) throw new IOException("unexpected reply to mg: " + line);
    int end = line.indexOf(' ', 3);
    byte[] value = new byte[Integer.parseInt(line.substring(3, end < 0 ? line.length() : end))];
    readFully(value);
    if (!readLine().isEmpty())
      throw new IOException("value block of " + key + " not ended by CRLF");
    return value;
  }
}
