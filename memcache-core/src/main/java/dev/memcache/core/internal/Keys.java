package dev.memcache.core.internal;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.Protocol;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key validation (docs/architecture.md, "The path of a request"): before any byte is written; and
 * the byte-level operations on a wire key, which live only here.
 *
 * <p>A <em>wire key</em> is a {@code String} with one char (0 to 0xff) per byte sent: the UTF-8
 * bytes of {@code prefix + key} read as ISO-8859-1. For the usual key, ASCII without a prefix, that
 * is the caller's own string, so a request allocates nothing for its key; the codecs copy its chars
 * straight into the write buffer ({@link #put}) and compare replies against it ({@link #matches}).
 */
public final class Keys {
  public static final int MAX_LENGTH = 250;

  /**
   * Longest key sent base64-encoded in meta ({@code b}): memcached limits the encoded token to 250.
   */
  public static final int MAX_BASE64_LENGTH = 186;

  private Keys() {}

  /**
   * The wire key of {@code prefix + key} for the text protocol: 1 to 250 bytes in UTF-8, no byte
   * {@code <= 0x20} or {@code 0x7f}. Throws {@link InvalidKeyException} naming the key and the
   * rule.
   */
  public static String encode(String prefix, String key) {
    return encode(prefix, key, Protocol.TEXT);
  }

  /**
   * The wire key of {@code prefix + key} for {@code protocol}: text keys follow {@link
   * #encode(String, String)}; binary keys may hold any bytes (up to 250); meta keys too, sent
   * base64-encoded when they hold whitespace or control bytes, which limits those to 186 bytes.
   */
  public static String encode(String prefix, String key, Protocol protocol) {
    if (key == null) throw new InvalidKeyException("key is null");
    if (key.isEmpty()) throw new InvalidKeyException("key is empty");
    String wire = wire(prefix, key);
    int n = wire.length();
    if (protocol == Protocol.TEXT) {
      if (n > MAX_LENGTH) throw tooLong(prefix, key, n, "; memcached allows at most " + MAX_LENGTH);
      for (int i = 0; i < n; i++) {
        char c = wire.charAt(i);
        if (c <= 0x20 || c == 0x7f) {
          throw new InvalidKeyException(
              "key "
                  + show(key)
                  + " contains "
                  + (c == ' ' ? "a space" : String.format("control character 0x%02x", (int) c))
                  + "; keys must not hold whitespace or control characters");
        }
      }
      return wire;
    }
    int max = protocol == Protocol.META && needsBase64(wire) ? MAX_BASE64_LENGTH : MAX_LENGTH;
    if (n > max) {
      throw tooLong(
          prefix,
          key,
          n,
          "; at most "
              + max
              + " are allowed"
              + (max == MAX_LENGTH
                  ? ""
                  : " for keys with whitespace or control characters (sent base64-encoded)"));
    }
    return wire;
  }

  /** {@code prefix + key} as one char per UTF-8 byte: the string itself when it is all ASCII. */
  private static String wire(String prefix, String key) {
    String s = prefix.isEmpty() ? key : prefix.concat(key);
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return s;
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

  /** The wire key's bytes (for hashing, base64, tests); allocates, so not on the common path. */
  public static byte[] bytes(String wire) {
    return wire.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Writes the wire key's bytes at {@code out}'s position, which it advances. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly a Latin-1 copy
  public static void put(ByteBuffer out, String wire) {
    int n = wire.length();
    if (out.hasArray()) {
      int at = out.position();
      wire.getBytes(0, n, out.array(), out.arrayOffset() + at);
      out.position(at + n);
    } else {
      for (int i = 0; i < n; i++) out.put((byte) wire.charAt(i));
    }
  }

  /** Whether {@code a[from, to)} holds exactly the wire key's bytes. */
  public static boolean matches(byte[] a, int from, int to, String wire) {
    int n = wire.length();
    if (to - from != n) return false;
    for (int i = 0; i < n; i++) if ((a[from + i] & 0xff) != wire.charAt(i)) return false;
    return true;
  }

  /**
   * Whether the meta protocol must send {@code wire} base64-encoded (whitespace or control bytes).
   */
  public static boolean needsBase64(String wire) {
    for (int i = 0; i < wire.length(); i++) {
      char c = wire.charAt(i);
      if (c <= 0x20 || c == 0x7f) return true;
    }
    return false;
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

  /** A wire key as the caller wrote it (its UTF-8 bytes decoded), quoted for a message. */
  public static String showWire(String wire) {
    return show(new String(bytes(wire), StandardCharsets.UTF_8));
  }
}
