package dev.memcache.core.internal;

import java.time.Duration;

/**
 * memcached expiration times (item TTLs and flush delays): relative seconds up to 30 days, absolute
 * Unix time beyond, clamped at 2^31-1 (memcached's own limit, in January 2038).
 */
public final class Expiry {
  /** Longest relative expiration memcached accepts (30 days). */
  public static final long MAX_RELATIVE = 60L * 60 * 24 * 30;

  private Expiry() {}

  /**
   * The exptime to send for {@code ttl}: 0 (or null) means never; a fraction of a second rounds up
   * (so a tiny TTL does not become "never"); over 30 days becomes now + ttl as Unix time, clamped
   * to 2^31-1 however long {@code ttl} is. Negative TTLs are refused.
   */
  public static int of(Duration ttl) {
    return of(ttl, "TTL");
  }

  /**
   * {@link #of(Duration)} for a duration called {@code what} in the message of a negative one
   * ("TTL", "flush delay").
   */
  public static int of(Duration d, String what) {
    if (d == null || d.isZero()) return 0;
    if (d.isNegative())
      throw new IllegalArgumentException(what + " must not be negative, was " + d);
    long seconds = d.getSeconds();
    if (d.getNano() > 0 && seconds < Long.MAX_VALUE) seconds++;
    return ofSeconds(seconds);
  }

  /** The exptime to send for a TTL in seconds (0 means never). */
  public static int ofSeconds(long seconds) {
    if (seconds < 0)
      throw new IllegalArgumentException("TTL must not be negative, was " + seconds + " s");
    if (seconds <= MAX_RELATIVE) return (int) seconds;
    if (seconds >= Integer.MAX_VALUE) return Integer.MAX_VALUE; // beyond 2038 from any "now"
    long absolute = System.currentTimeMillis() / 1000 + seconds;
    return (int) Math.min(absolute, Integer.MAX_VALUE);
  }

  /**
   * {@code exptime} (as sent: 0 never, up to 30 days relative, else absolute) cut to at most {@code
   * capSeconds} from now; {@code capSeconds} is relative (1 s to 30 days).
   */
  public static int cap(int exptime, int capSeconds) {
    // 0 (never) and absolute times (> 30 days >= cap) are longer than any relative cap
    return exptime == 0 || exptime > capSeconds ? capSeconds : exptime;
  }
}
