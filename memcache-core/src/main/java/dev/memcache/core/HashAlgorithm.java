package dev.memcache.core;

/**
 * The key hashes of libmemcached (and so of pylibmc), used by the {@code LIBMEMCACHED_*}
 * distributions. Each value gives the name pylibmc uses for it in {@code behaviors={"hash": ...}}.
 * Every hash reproduces libmemcached 1.x bit for bit, quirks included (bytes read as signed {@code
 * char} where libmemcached does so).
 *
 * <p>There is no {@code "hsieh"}: pylibmc lists it, but Debian's libmemcached is built without it,
 * so no pylibmc on Debian can place keys with it. With python3-pylibmc 1.6.3 on libhashkit2 1.1.4,
 * {@code pylibmc.Client(servers, behaviors={"hash": "hsieh"})} raises {@code pylibmc.Error:
 * memcached_behavior_set returned 38 for behavior 'hash' = 7} (38 is {@code INVALID ARGUMENTS}),
 * and {@code libhashkit_has_algorithm(HASHKIT_HASH_HSIEH)} returns false. A test keeps this true.
 */
public enum HashAlgorithm {
  /** Bob Jenkins' one-at-a-time hash; pylibmc {@code "default"}, libmemcached's default. */
  ONE_AT_A_TIME,
  /** The first four bytes of the MD5 digest, little-endian; pylibmc {@code "md5"}. */
  MD5,
  /** {@code (crc32(key) >> 16) & 0x7fff}; pylibmc {@code "crc"}. */
  CRC,
  /** FNV-1, 32 bit; pylibmc {@code "fnv1_32"}. */
  FNV1_32,
  /** FNV-1a, 32 bit; pylibmc {@code "fnv1a_32"}. */
  FNV1A_32,
  /** FNV-1, 64 bit, low 32 bits kept; pylibmc {@code "fnv1_64"}. */
  FNV1_64,
  /**
   * libmemcached's "FNV-1a 64": in fact a 32-bit FNV-1a with the 64-bit constants truncated;
   * pylibmc {@code "fnv1a_64"}.
   */
  FNV1A_64,
  /** MurmurHash2 with libmemcached's length-derived seed; pylibmc {@code "murmur"}. */
  MURMUR,
  /** Bob Jenkins' lookup3 {@code hashlittle}, initial value 13; pylibmc {@code "jenkins"}. */
  JENKINS
}
