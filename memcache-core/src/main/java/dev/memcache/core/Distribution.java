package dev.memcache.core;

/**
 * How keys are spread over several servers. Each value is named after the client whose placement it
 * reproduces key for key, so a JVM service and a Python (or Java) service that list the same
 * servers in the same order read and write the same keys on the same servers. With one server every
 * distribution is the same.
 *
 * <p>Each value also says where a key goes while its server is down, when the client is told to
 * redistribute: the rule of the client it is named after where that client has one.
 */
public enum Distribution {
  /**
   * python-memcached 1.60 and later: {@code ((crc32(key) >> 16) & 0x7fff) % len(buckets)}, where
   * each server fills {@code weight} buckets in list order. Weights supported; the key prefix is
   * hashed with the key (as python-memcached's {@code key_prefix} argument does). Down server:
   * rehash as python-memcached does ({@code hash(str(h) + str(i))}, ten tries).
   */
  PYTHON_MEMCACHED(null, true, true),
  /**
   * python-memcached 1.59 and earlier (Debian and Ubuntu still package these): the same, except
   * that a hash of 0 counts as 1 (the old {@code or 1}). Differs from {@link #PYTHON_MEMCACHED} for
   * about one key in 32768.
   */
  PYTHON_MEMCACHED_LEGACY(null, true, true),
  /**
   * python-memcached after {@code memcache.useOldServerHashFunction()}: {@code crc32(key) %
   * len(buckets)}, the unsigned 32-bit CRC-32 of the key, each server filling {@code weight}
   * buckets in list order. Weights supported; the key prefix is hashed with the key. Down server:
   * rehash as python-memcached does ({@code crc32(str(h) + str(i))}, ten tries).
   */
  PYTHON_MEMCACHED_OLD_HASH(null, true, true),
  /**
   * pylibmc's default: libmemcached's {@code hash(key) % servers}, hash {@link
   * HashAlgorithm#ONE_AT_A_TIME} unless another is given. libmemcached ignores weights here, so
   * weights above 1 are rejected. Down server (libmemcached itself fails the request): its keys are
   * spread over the live servers by {@code hash % live}; keys of live servers never move.
   */
  LIBMEMCACHED_MODULA(HashAlgorithm.ONE_AT_A_TIME, false, true),
  /**
   * pylibmc with {@code "ketama": True} or {@code "distribution": "consistent"}: 100 points per
   * server, point {@code i} at {@code hash("host:port-i")} ({@code "host-i"} on port 11211), hash
   * {@link HashAlgorithm#ONE_AT_A_TIME} unless another is given. With any weight above 1,
   * libmemcached switches to the weighted ring of {@link #LIBMEMCACHED_KETAMA_WEIGHTED} but keeps
   * this key hash, and so does this value. Down server: the next point on the ring owned by a live
   * server (what libmemcached's auto-eject does while the ring's points stay the same).
   */
  LIBMEMCACHED_CONSISTENT(HashAlgorithm.ONE_AT_A_TIME, true, true),
  /**
   * pylibmc with {@code "ketama_weighted": True}: MD5 ring with {@code floor(w / total * 40 * n) *
   * 4} points per server (computed in {@code float}, as libmemcached does), four points per digest
   * of {@code "host:port-j"}; key hash {@link HashAlgorithm#MD5} unless another is given. Down
   * server: the next point on the ring owned by a live server.
   */
  LIBMEMCACHED_KETAMA_WEIGHTED(HashAlgorithm.MD5, true, true),
  /**
   * pylibmc with {@code "distribution": "consistent ketama spy"}, libmemcached's mode meant to
   * match spymemcached: {@link #LIBMEMCACHED_CONSISTENT} with every point named {@code
   * "/host:port-i"} (a leading {@code /}, and the port even when it is 11211); with any weight
   * above 1, the weighted MD5 ring of {@link #LIBMEMCACHED_KETAMA_WEIGHTED} over those names. Key
   * hash {@link HashAlgorithm#ONE_AT_A_TIME} unless another is given (pylibmc keeps its {@code
   * "hash"} behavior).
   *
   * <p>Despite its name it does not place keys as spymemcached does (checked with pylibmc 1.6.3 on
   * Debian's libmemcached): spymemcached names points {@code "ip:port-i"} without the {@code /}, so
   * {@link #SPYMEMCACHED_KETAMA} and this value differ for about two keys in three. Down server:
   * the next point on the ring owned by a live server.
   */
  LIBMEMCACHED_KETAMA_SPY(HashAlgorithm.ONE_AT_A_TIME, true, true),
  /**
   * spymemcached's {@code KetamaConnectionFactory}: 160 MD5 points per server from {@code
   * "ip:port-i"} ({@code InetSocketAddress.toString()} without its leading {@code /}, so {@code
   * "name/ip:port"} for host names, which are resolved). No weights. Down server: spymemcached's
   * {@code Redistribute} sequence (rehash of {@code tries + key}, seven tries).
   */
  SPYMEMCACHED_KETAMA(null, false, true),
  /**
   * pymemcache's {@code HashClient} (the client behind Django's {@code PyMemcacheCache}):
   * rendezvous hashing, the server with the highest {@code murmur3_32("host:port-" + key)} wins. No
   * weights. The key prefix is not hashed (as {@code HashClient(key_prefix=...)}). Down server: the
   * highest-scoring live server (as {@code HashClient} does when it removes a dead server).
   */
  PYMEMCACHE_RENDEZVOUS(null, false, false);

  private final HashAlgorithm defaultHash;
  private final boolean weighted;
  private final boolean hashesKeyPrefix;

  Distribution(HashAlgorithm defaultHash, boolean weighted, boolean hashesKeyPrefix) {
    this.defaultHash = defaultHash;
    this.weighted = weighted;
    this.hashesKeyPrefix = hashesKeyPrefix;
  }

  /**
   * The key hash used when none is given; {@code null} when this distribution's hash is fixed.
   *
   * @return the default hash, or {@code null}
   */
  public HashAlgorithm defaultHash() {
    return defaultHash;
  }

  /**
   * Whether a {@link HashAlgorithm} may be chosen (the {@code LIBMEMCACHED_*} values).
   *
   * @return {@code true} for the libmemcached distributions
   */
  public boolean takesHashAlgorithm() {
    return defaultHash != null;
  }

  /**
   * Whether server weights above 1 mean something here; otherwise they are rejected.
   *
   * @return {@code true} when weights are honoured
   */
  public boolean supportsWeights() {
    return weighted;
  }

  /**
   * Whether the configured key prefix is part of the hashed key, as in the matching client.
   *
   * @return {@code true} when the prefix is hashed with the key
   */
  public boolean hashesKeyPrefix() {
    return hashesKeyPrefix;
  }
}
