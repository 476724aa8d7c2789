package dev.memcache.core.internal.config;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.keys.KeyFunction;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Every setting of a {@link ClientConfig} exactly as it was set: the record gives the config its
 * {@code equals} and {@code hashCode}, so a new setting cannot be forgotten there. A derived
 * setting that was not set is {@code null} here ({@code hangTimeout}, {@code hashAlgorithm}); the
 * config's accessor derives it when read, so a copy made with {@code toBuilder()} derives it again
 * from the copy's settings instead of freezing the old value.
 *
 * @param hangTimeout the hang timeout as set, or {@code null} when derived
 * @param hashAlgorithm the hash as set, or {@code null} for the distribution's default
 * @param listeners the listeners in the order added
 */
public record ConfigValues(
    List<ServerAddress> servers,
    Protocol protocol,
    Duration operationTimeout,
    Duration connectTimeout,
    Duration hangTimeout,
    FailurePolicy failurePolicy,
    Duration failoverTtl,
    int failureLimit,
    Duration retryDelay,
    int connectionsPerServer,
    int maxInFlight,
    int updateAttempts,
    String keyPrefix,
    KeyFunction keyFunction,
    int maxValueSize,
    ValueCodec valueCodec,
    Distribution distribution,
    HashAlgorithm hashAlgorithm,
    SSLContext tls,
    boolean tlsHostnameVerification,
    String saslUsername,
    String saslPassword,
    List<MemcacheListener> listeners) {

  /** Copies the lists, so that a builder changed later cannot change a built config. */
  public ConfigValues {
    servers = List.copyOf(servers);
    listeners = List.copyOf(listeners);
  }

  /**
   * The settings without secrets: the SASL password is never printed and TLS shows only whether it
   * is on (an {@code SSLContext} holds key material). Unset derived settings print as {@code
   * derived}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("[servers=").append(servers);
    s.append(", protocol=").append(protocol);
    s.append(", operationTimeout=").append(operationTimeout);
    s.append(", connectTimeout=").append(connectTimeout);
    s.append(", hangTimeout=").append(hangTimeout != null ? hangTimeout : "derived");
    s.append(", failurePolicy=").append(failurePolicy);
    s.append(", failoverTtl=").append(failoverTtl);
    s.append(", failureLimit=").append(failureLimit);
    s.append(", retryDelay=").append(retryDelay);
    s.append(", connectionsPerServer=").append(connectionsPerServer);
    s.append(", maxInFlight=").append(maxInFlight);
    s.append(", updateAttempts=").append(updateAttempts);
    s.append(", keyPrefix='").append(keyPrefix).append('\'');
    if (keyFunction != KeyFunction.identity()) s.append(", keys=").append(keyFunction);
    s.append(", maxValueSize=").append(maxValueSize);
    s.append(", valueCodec=").append(valueCodec);
    s.append(", distribution=").append(distribution);
    if (hashAlgorithm != null) s.append('/').append(hashAlgorithm);
    s.append(", tls=").append(tls != null ? "on" : "off");
    if (tls != null) s.append(", tlsHostnameVerification=").append(tlsHostnameVerification);
    if (saslUsername != null) s.append(", sasl=").append(saslUsername).append(" (password hidden)");
    if (!listeners.isEmpty()) s.append(", listeners=").append(listeners.size());
    return s.append(']').toString();
  }
}
