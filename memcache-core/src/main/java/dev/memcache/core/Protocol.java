package dev.memcache.core;

/** The wire protocol a client speaks. */
public enum Protocol {
  /** The classic text protocol; every memcached and proxy speaks it. The default. */
  TEXT,
  /** The binary protocol (deprecated by memcached 1.6 but served); needed for SASL. */
  BINARY,
  /** The meta text protocol of memcached 1.6+ ({@code mg/ms/md/ma/mn}). */
  META
}
