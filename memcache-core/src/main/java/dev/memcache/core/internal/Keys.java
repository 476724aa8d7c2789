package dev.memcache.core.internal;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.Protocol;
import java.nio.charset.StandardCharsets;

/** Key validation (docs/architecture.md, "The path of a request"): before any byte is written. */
public final class Keys {
  public static final int MAX_LENGTH = 250;

  /**
   * Longest key sent base64-encoded in meta ({@code b}): memcached limits the encoded token to 250.
   */
  public static final int MAX_BASE64_LENGTH = 186;

  private Keys() {}

  /**
   * The wire bytes of {@code prefix + key}: UTF-8, 1 to 250 bytes, no byte {@code <= 0x20} or
   * {@code 0x7f}. Throws {@link InvalidKeyException} naming the key and the rule.
   */
  public static byte[] encode(String prefix, String key) {
    if (key == null) throw new InvalidKeyException("key is null");
    if (key.isEmpty()) throw new InvalidKeyException("key is empty");
    int n = prefix.length() + key.length();
    if (n <= MAX_LENGTH) {
      byte[] ascii = new byte[n];
      if (copyAscii(prefix, ascii, 0) && copyAscii(key, ascii, prefix.length())) return ascii;
    }
    byte[] utf8 = (prefix + key).getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_LENGTH)
      throw tooLong(prefix, key, utf8.length, "; memcached allows at most " + MAX_LENGTH);
    for (byte b : utf8) {
      if (b >= 0 && b <= 0x20 || b == 0x7f) {
        throw new InvalidKeyException(
            "key "
                + show(key)
                + " contains "
                + (b == ' ' ? "a space" : String.format("control character 0x%02x", b))
                + "; keys must not hold whitespace or control characters");
      }
    }
    return utf8;
  }

  /**
   * The wire bytes of {@code prefix + key} for {@code protocol}: text keys follow {@link
   * #encode(String, String)}; binary keys may hold any bytes (up to 250); meta keys too, sent
   * base64-encoded when they hold whitespace or control bytes, which limits those to 186 bytes.
   */
  public static byte[] encode(String prefix, String key, Protocol protocol) {
    if (protocol == Protocol.TEXT) return encode(prefix, key);
    if (key == null) throw new InvalidKeyException("key is null");
    if (key.isEmpty()) throw new InvalidKeyException("key is empty");
    byte[] utf8 = (prefix + key).getBytes(StandardCharsets.UTF_8);
    int max = protocol == Protocol.META && needsBase64(utf8) ? MAX_BASE64_LENGTH : MAX_LENGTH;
    if (utf8.length > max) {
      throw tooLong(
          prefix,
          key,
          utf8.length,
          "; at most "
              + max
              + " are allowed"
              + (max == MAX_LENGTH
                  ? ""
                  : " for keys with whitespace or control characters (sent base64-encoded)"));
    }
    return utf8;
  }

  private static InvalidKeyException tooLong(String prefix, String key, int bytes, String limit) {
    return new InvalidKeyException(
        "key "
            + show(key)
            + " is "
            + bytes
            + " bytes in UTF-8"
            + (prefix.isEmpty() ? "" : " with its prefix")
            + limit);
  }

  /**
   * Whether the meta protocol must send {@code key} base64-encoded (whitespace or control bytes).
   */
  public static boolean needsBase64(byte[] key) {
    for (byte b : key) if (b >= 0 && b <= 0x20 || b == 0x7f) return true;
    return false;
  }

  /** Copies a pure printable-ASCII string; false when any char is outside 0x21..0x7e. */
  private static boolean copyAscii(String s, byte[] dst, int at) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) return false;
      dst[at + i] = (byte) c;
    }
    return true;
  }

  /** The key quoted for a message, truncated and with control characters escaped. */
  public static String show(String key) {
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < key.length() && i < 40; i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    if (key.length() > 40) sb.append("...");
    return sb.append("'").toString();
  }

  /** The key as sent, for messages. */
  public static String show(byte[] key) {
    return show(new String(key, StandardCharsets.UTF_8));
  }
}
