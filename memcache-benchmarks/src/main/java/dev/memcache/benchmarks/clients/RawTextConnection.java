package dev.memcache.benchmarks.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The text protocol by hand: {@code get}, {@code set}, and a multi-key {@code get}. */
final class RawTextConnection extends RawConnection {
  RawTextConnection(InetSocketAddress server, Duration timeout) throws IOException {
    super(server, timeout);
  }

  @Override
  byte[] get(String key) throws IOException {
    append("get " + key + "\r\n");
    send();
    return readValues().get(key);
  }

  @Override
  boolean set(String key, byte[] value) throws IOException {
    append("set " + key + " 0 0 " + value.length + "\r\n");
    append(value);
    append("\r\n");
    send();
    String line = readLine();
    if (line.equals("STORED")) return true;
    if (line.equals("NOT_STORED")) return false;
    throw new IOException("unexpected reply to set: " + line);
  }

  @Override
  Map<String, byte[]> getMulti(List<String> keys) throws IOException {
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
}
