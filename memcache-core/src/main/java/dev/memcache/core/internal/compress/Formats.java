package dev.memcache.core.internal.compress;

/**
 * Recognises payloads that other clients store, to make decoding errors say what the bytes look
 * like.
 */
public final class Formats {
  private Formats() {}

  /** {@code ""}, or a hint such as {@code " (it looks like gzip)"}. */
  public static String guess(byte[] data) {
    if (starts(data, 0x1f, 0x8b)) return " (it looks like gzip, as some JVM clients compress)";
    if (starts(data, 0xac, 0xed)) return " (it looks like Java serialization, which is never read)";
    if (starts(data, 0x28, 0xb5, 0x2f, 0xfd)) return " (it looks like zstd)";
    if (starts(data, 0x04, 0x22, 0x4d, 0x18)) return " (it looks like an LZ4 frame)";
    return "";
  }

  private static boolean starts(byte[] data, int... prefix) {
    if (data.length < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if ((data[i] & 0xff) != prefix[i]) return false;
    return true;
  }
}
