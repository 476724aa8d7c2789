package dev.memcache.core.internal.routing;

/** Chooses the server for a key. Implementations are immutable and thread-safe. */
public interface NodeLocator {
  /**
   * The index, in the configured server list, of the server that owns {@code key}.
   *
   * @param key the key as sent on the wire (UTF-8, key prefix included)
   */
  int serverFor(byte[] key);
}
