package dev.memcache.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Keys every client accepts (Java, Python), chosen to reach the corners of the routing hashes, for
 * placement tests.
 */
public final class TestKeys {
  private TestKeys() {}

  /**
   * {@code count} distinct keys: mostly ASCII of many lengths, some non-ASCII (bytes >= 0x80 are
   * read as signed char by libmemcached; pymemcache hashes code points, one above U+FFFF too), some
   * near the 250-byte limit, and a few whose python-memcached hash is 0 (where the old {@code or 1}
   * differs).
   *
   * @param count the number of keys
   * @return the keys
   */
  public static List<String> mixed(int count) {
    List<String> keys = new ArrayList<>(pythonMemcachedZeroHashKeys(4));
    for (int i = 0; keys.size() < count / 40; i++) {
      keys.add(("long:" + i + ":").repeat(40).substring(0, 200 + i % 51));
    }
    String[] unicode = {"clé", "ключ", "键", "smile🙂", "naïve-über"};
    for (int i = 0; keys.size() < count / 8; i++) keys.add(unicode[i % unicode.length] + ":" + i);
    for (int i = 0; keys.size() < count; i++) {
      keys.add(
          switch (i % 4) {
            case 0 -> "user:" + i + ":profile";
            case 1 -> "k" + i;
            case 2 -> String.format("session-%08x", i * 2654435761L);
            default -> "x".repeat(i % 13) + i;
          });
    }
    return keys;
  }

  /**
   * The first {@code n} keys "zero:i" with {@code ((crc32(key) >> 16) & 0x7fff) == 0}.
   *
   * @param n the number of keys
   * @return the keys
   */
  public static List<String> pythonMemcachedZeroHashKeys(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      String key = "zero:" + i;
      CRC32 crc = new CRC32();
      crc.update(key.getBytes(StandardCharsets.UTF_8));
      if (((crc.getValue() >>> 16) & 0x7fff) == 0) out.add(key);
    }
    return out;
  }

  /**
   * The keys of at most {@code bytes} UTF-8 bytes (room for a prefix).
   *
   * @param keys the keys to filter
   * @param bytes the most UTF-8 bytes a key may have
   * @return the keys that fit, in order
   */
  public static List<String> shorterThan(List<String> keys, int bytes) {
    return keys.stream().filter(k -> k.getBytes(StandardCharsets.UTF_8).length < bytes).toList();
  }

  /**
   * The keys one per line, as the Python snippets read them.
   *
   * @param keys the keys
   * @return the keys, each followed by a newline
   */
  public static String lines(List<String> keys) {
    return String.join("\n", keys) + "\n";
  }
}
