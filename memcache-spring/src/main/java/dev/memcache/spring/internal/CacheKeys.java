package dev.memcache.spring.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The memcached keys of one cache: entries {@code <prefix><name>:<generation>:<key>}, the
 * generation counter {@code <prefix><name>:gen} and loader locks {@code <prefix><name>:lock:<key>}.
 * A cache name holds no {@code ':'}, so the three forms never meet, and no two caches' keys do.
 *
 * <p>A Spring key's {@code toString()} is used as is when it is printable ASCII without spaces,
 * does not start with {@code '#'}, and fits the 250-byte limit with a 20-digit generation (the
 * longest unsigned 64-bit number): the form of a key never depends on the current generation. Other
 * keys become {@code '#'} and the unpadded base64url SHA-256 of their UTF-8 bytes (44 characters).
 */
public final class CacheKeys {
  /** memcached's key limit, in bytes. */
  static final int MAX_KEY = 250;

  /** The longest generation: 2^64-1 has 20 digits. */
  static final int MAX_GENERATION_DIGITS = 20;

  /** The length of a digest key: '#' and 43 base64url characters. */
  static final int DIGEST_LENGTH = 44;

  private final String base;
  private final int maxPlainKey;

  /**
   * @param clientPrefix the client's own key prefix (counted in the limit)
   * @param prefix the cache manager's key prefix
   * @param name the cache name
   * @throws IllegalArgumentException when the prefix or name is not printable ASCII, the name holds
   *     a ':', or both leave no room for a digest key
   */
  public CacheKeys(String clientPrefix, String prefix, String name) {
    requirePrintable(prefix, "key prefix", true);
    requirePrintable(name, "cache name", false);
    if (name.indexOf(':') >= 0)
      throw new IllegalArgumentException(
          "cache name must not contain ':' (it separates the parts of a key), was '" + name + "'");
    this.base = prefix + name + ":";
    int fixed = clientPrefix.getBytes(StandardCharsets.UTF_8).length + base.length();
    this.maxPlainKey = MAX_KEY - fixed - MAX_GENERATION_DIGITS - 1;
    if (maxPlainKey < DIGEST_LENGTH)
      throw new IllegalArgumentException(
          "key prefix and cache name are too long: '"
              + clientPrefix
              + base
              + "' leaves "
              + Math.max(maxPlainKey, 0)
              + " of memcached's 250 bytes for a generation and a key; "
              + (DIGEST_LENGTH + MAX_GENERATION_DIGITS + 1)
              + " are needed");
  }

  private static void requirePrintable(String s, String what, boolean mayBeEmpty) {
    if (s == null) throw new IllegalArgumentException(what + " must not be null");
    if (s.isEmpty() && !mayBeEmpty) throw new IllegalArgumentException(what + " must not be empty");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f)
        throw new IllegalArgumentException(
            what
                + " must be printable ASCII without spaces, was '"
                + s
                + "' (character "
                + i
                + " is U+"
                + String.format("%04X", (int) c)
                + ")");
    }
  }

  /**
   * The key of the entry for a key in {@code generation}.
   *
   * @param generation the cache's current generation
   * @param mapped the key part, from {@link #mapped}
   * @return the memcached key (before the client's own prefix)
   */
  public String entry(long generation, String mapped) {
    return base + Long.toUnsignedString(generation) + ':' + mapped;
  }

  /**
   * The key of the generation counter.
   *
   * @return the memcached key (before the client's own prefix)
   */
  public String generation() {
    return base + "gen";
  }

  /**
   * The key of the loader lock for a key (in every generation).
   *
   * @param mapped the key part, from {@link #mapped}
   * @return the memcached key (before the client's own prefix)
   */
  public String lock(String mapped) {
    return base + "lock:" + mapped;
  }

  /**
   * {@code key.toString()} when it is a valid key part, else its digest form.
   *
   * @param key the Spring key
   * @return the key part
   */
  public String mapped(Object key) {
    if (key == null) throw new IllegalArgumentException("cache key must not be null");
    String s = key.toString();
    if (s == null) throw new IllegalArgumentException("cache key's toString() returned null");
    return isPlain(s) ? s : digest(s);
  }

  private boolean isPlain(String s) {
    if (s.isEmpty() || s.length() > maxPlainKey || s.charAt(0) == '#') return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) return false;
    }
    return true;
  }

  /**
   * {@code '#'} and the unpadded base64url SHA-256 of the UTF-8 bytes of {@code s}.
   *
   * @param s the key's text
   * @return the 44-character digest form
   */
  public static String digest(String s) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return '#' + Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
