package dev.memcache.spring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The documented digest form of a key, computed here independently of the code under test. */
final class Digests {
  private Digests() {}

  /** {@code '#'} and the unpadded base64url SHA-256 of the key's UTF-8 bytes. */
  static String of(String key) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
