package dev.memcache.core.internal.routing;

import java.util.function.IntPredicate;

/**
 * Chooses the server for a key. Implementations are immutable and thread-safe. Get one from {@link
 * Routing#locator}.
 */
public interface NodeLocator {
  /** Returned by {@link #serverFor(byte[], IntPredicate)} when no live server may take the key. */
  int NO_SERVER = -1;

  /**
   * The index, in the configured server list, of the server that owns {@code key}.
   *
   * @param key the hashed key: its UTF-8 bytes, with the key prefix when the distribution {@link
   *     dev.memcache.core.Distribution#hashesKeyPrefix() hashes it}
   */
  int serverFor(byte[] key);

  /**
   * The server for {@code key} when only the servers for which {@code alive} is true may be used:
   * the owner when it is alive, otherwise the fallback of the client this locator imitates (see
   * each {@link dev.memcache.core.Distribution} value), or {@link #NO_SERVER} when that client
   * would give up or no server is alive. Never moves a key whose owner is alive, except where the
   * imitated client does. {@code alive} may be called several times per server.
   *
   * <p>The default has no fallback: the owner, or {@link #NO_SERVER} when it is down.
   */
  default int serverFor(byte[] key, IntPredicate alive) {
    int owner = serverFor(key);
    return alive.test(owner) ? owner : NO_SERVER;
  }
}
