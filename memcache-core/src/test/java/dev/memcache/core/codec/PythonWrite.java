package dev.memcache.core.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One value a Python client stores for an interop test: which client, under which key, which case,
 * and the {@code min_compress_len} it writes with (0: no compression).
 */
public record PythonWrite(String client, String key, InteropCases value, int minCompressLen) {
  /** The value the JVM should read back (pylibmc writes some Python types differently). */
  public Object expected() {
    return client.equals("pylibmc") ? value.javaFromPylibmc() : value.java();
  }

  /** A test's display name. */
  public String testName() {
    return client + " writes " + value.name() + (minCompressLen > 0 ? " compressed" : "");
  }

  /**
   * Every case written by each Python client, and compressed by the two that compress (pymemcache
   * 3.5 has no compression; the other two compress when len > min_compress_len and it helps).
   */
  public static List<PythonWrite> everyCase() {
    List<PythonWrite> plan = new ArrayList<>();
    for (InteropCases c : InteropCases.ALL) {
      for (String client : List.of("python-memcached", "pylibmc", "pymemcache"))
        plan.add(new PythonWrite(client, client + "_" + c.name(), c, 0));
      for (String client : List.of("python-memcached", "pylibmc"))
        plan.add(new PythonWrite(client, client + "_" + c.name() + "_zlib", c, 10));
    }
    return plan;
  }

  /**
   * Runs {@link PythonScripts#WRITER} for every write against {@code server}; returns each key's
   * outcome ("stored" when the client stored it).
   */
  public static Map<String, String> writeAll(List<PythonWrite> plan, String server) {
    StringBuilder in = new StringBuilder();
    for (PythonWrite w : plan) {
      in.append(w.client).append('\t').append(w.key).append('\t').append(w.minCompressLen);
      in.append('\t').append(w.value.python()).append('\n');
    }
    return PythonScripts.outcomes(Python.run(PythonScripts.WRITER, in.toString(), server), 1);
  }
}
