package dev.memcache.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Keys each memcached server was asked for ({@code cmd_get + cmd_set} of its {@code stats}), read
 * around a run to show how a client spread its calls over several servers.
 */
final class ServerStats {
  private ServerStats() {}

  /** {@code cmd_get + cmd_set} of each server, in order; -1 for a server that did not answer. */
  static long[] commands(List<String> addresses) {
    long[] counts = new long[addresses.size()];
    for (int i = 0; i < counts.length; i++) counts[i] = commands(addresses.get(i));
    return counts;
  }

  /** Each server's share of the commands between two readings, as "33/34/33%". */
  static String shares(long[] before, long[] after) {
    long total = 0;
    for (int i = 0; i < after.length; i++) total += after[i] - before[i];
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < after.length; i++) {
      if (i > 0) s.append('/');
      s.append(
          total > 0 && before[i] >= 0 && after[i] >= 0
              ? String.format(Locale.ROOT, "%.0f", 100.0 * (after[i] - before[i]) / total)
              : "?");
    }
    return s.append('%').toString();
  }

  private static long commands(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket socket =
        new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
      OutputStream out = socket.getOutputStream();
      out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      long sum = 0;
      for (String line = in.readLine(); line != null && !line.equals("END"); line = in.readLine()) {
        if (line.startsWith("STAT cmd_get ") || line.startsWith("STAT cmd_set "))
          sum += Long.parseLong(line.substring(13).strip());
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
