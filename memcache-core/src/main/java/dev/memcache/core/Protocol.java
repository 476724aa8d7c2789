package dev.memcache.core;

/**
 * The wire protocol a client speaks. All three offer every operation of the client; they differ in
 * reach and speed.
 */
public enum Protocol {
  /**
   * The classic text protocol; every memcached and proxy (twemproxy, mcrouter) speaks it. The
   * default, for that reason. Keys may not hold whitespace or control characters.
   */
  TEXT,
  /**
   * The binary protocol (deprecated by memcached 1.6 but served); needed for SASL. Keys may hold
   * any bytes. memcached does not implement {@code verbosity} in it.
   */
  BINARY,
  /**
   * The meta protocol of memcached 1.6+ ({@code mg/ms/md/ma/mn}): several times the throughput of
   * TEXT under concurrent load against memcached 1.6, and the only one with stale-while- revalidate
   * and invalidation. Keys may hold any bytes (sent base64-encoded when needed). Proxies that only
   * know the text protocol, such as twemproxy, close the connection on it.
   */
  META
}
