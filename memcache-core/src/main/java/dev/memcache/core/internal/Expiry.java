package dev.memcache.core.internal;

import java.time.Duration;

/** memcached expiration times: relative seconds up to 30 days, absolute Unix time beyond. */
public final class Expiry {
  /** Longest relative expiration memcached accepts (30 days). */
  public static final long MAX_RELATIVE = 60L * 60 * 24 * 30;

  private Expiry() {}

  /**
   * The exptime to send for {@code ttl}: 0 (or null) means never; a fraction of a second rounds up
   * (so a tiny TTL does not become "never"); over 30 days becomes now + ttl as Unix time, clamped
   * to 2^31-1. Negative TTLs are refused.
   */
  public static int of(Duration ttl) {
    if (ttl == null || ttl.isZero()) return 0;
    if (ttl.isNegative())
      throw new IllegalArgumentException("TTL must not be negative, was " + ttl);
    long seconds = ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
    return ofSeconds(seconds);
  }

  /** The exptime to send for a TTL in seconds (0 means never). */
  public static int ofSeconds(long seconds) {
    if (seconds < 0)
      throw new IllegalArgumentException("TTL must not be negative, was " + seconds + " s");
    if (seconds <= MAX_RELATIVE) return (int) seconds;
    long absolute = System.currentTimeMillis() / 1000 + seconds;
    return absolute >= Integer.MAX_VALUE || absolute < 0 ? Integer.MAX_VALUE : (int) absolute;
  }
}
