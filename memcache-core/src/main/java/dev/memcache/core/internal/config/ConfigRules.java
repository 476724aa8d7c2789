package dev.memcache.core.internal.config;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.routing.Routing;
import java.time.Duration;

/**
 * The checks and derivations behind {@link ClientConfig}: what a setter refuses and what a build
 * refuses, with the messages users see, and the rules of the derived defaults. Every check throws
 * {@link IllegalArgumentException} while the configuration is built, before anything is sent.
 */
public final class ConfigRules {
  private ConfigRules() {}

  /** Longest timeout or delay: what fits an {@code int} of milliseconds (socket timeouts). */
  static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  /** Longest {@code failoverTtl}: memcached reads a longer expiration as a Unix time. */
  static final Duration MAX_FAILOVER_TTL = Duration.ofDays(30);

  /**
   * {@code d} when it is a positive timeout or delay that fits an {@code int} of milliseconds.
   *
   * @param d the duration
   * @param name the setting, named in the message
   * @return {@code d}
   * @throws IllegalArgumentException when {@code d} is null, not positive or too long
   */
  public static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero())
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    if (d.compareTo(MAX_TIMEOUT) > 0)
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_TIMEOUT + " (2^31-1 ms), was " + d);
    return d;
  }

  /**
   * {@code ttl} when it is a failover TTL memcached reads as relative: from 1 s to 30 days.
   *
   * @param ttl the cap
   * @return {@code ttl}
   * @throws IllegalArgumentException when {@code ttl} is not between 1 s and 30 days
   */
  public static Duration failoverTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_FAILOVER_TTL) > 0)
      throw new IllegalArgumentException("failoverTtl must be from 1 s to 30 days, was " + ttl);
    return ttl;
  }

  /**
   * The checks of settings that must fit together, made when the configuration is built.
   *
   * @param v the settings
   * @return {@code v}
   * @throws IllegalArgumentException when there is no server, when the distribution refuses the
   *     hash or a server's weight, or when SASL is set without the binary protocol
   */
  public static ConfigValues checkTogether(ConfigValues v) {
    if (v.servers().isEmpty())
      throw new IllegalArgumentException("no servers: call servers(\"127.0.0.1:11211\")");
    Routing.check(v.distribution(), v.hashAlgorithm(), v.servers());
    if (v.saslUsername() != null && v.protocol() != Protocol.BINARY) {
      throw new IllegalArgumentException(
          "SASL authentication needs protocol(Protocol.BINARY), not " + v.protocol());
    }
    return v;
  }

  /**
   * The hang timeout when none was set: {@link ClientConfig#DEFAULT_HANG_TIMEOUT_MULTIPLIER} x the
   * operation timeout, at least {@link ClientConfig#DEFAULT_HANG_TIMEOUT_MINIMUM}.
   *
   * @param operationTimeout the operation timeout
   * @return the derived hang timeout
   */
  public static Duration derivedHangTimeout(Duration operationTimeout) {
    Duration derived = operationTimeout.multipliedBy(ClientConfig.DEFAULT_HANG_TIMEOUT_MULTIPLIER);
    Duration minimum = ClientConfig.DEFAULT_HANG_TIMEOUT_MINIMUM;
    return derived.compareTo(minimum) < 0 ? minimum : derived;
  }
}
