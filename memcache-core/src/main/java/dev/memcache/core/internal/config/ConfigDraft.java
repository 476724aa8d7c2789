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
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The settings a {@link ClientConfig.Builder} holds while it is filled in, each starting at its
 * {@code ClientConfig.DEFAULT_*} constant. The builder's setters check a value before storing it
 * here; {@link #freeze()} makes the immutable {@link ConfigValues} a config is built from. Derived
 * settings stay {@code null} until set.
 */
public final class ConfigDraft {
  /** The servers, in the order given. */
  public final List<ServerAddress> servers = new ArrayList<>();

  /** The listeners, in the order added. */
  public final List<MemcacheListener> listeners = new ArrayList<>();

  // One field per setting; see the setter of the same name on ClientConfig.Builder.
  /** See {@link ClientConfig#protocol()}. */
  public Protocol protocol = ClientConfig.DEFAULT_PROTOCOL;

  /** See {@link ClientConfig#operationTimeout()}. */
  public Duration operationTimeout = ClientConfig.DEFAULT_OPERATION_TIMEOUT;

  /** See {@link ClientConfig#connectTimeout()}. */
  public Duration connectTimeout = ClientConfig.DEFAULT_CONNECT_TIMEOUT;

  /** {@code null}: derived from the operation timeout when read. */
  public Duration hangTimeout;

  /** See {@link ClientConfig#failurePolicy()}. */
  public FailurePolicy failurePolicy = ClientConfig.DEFAULT_FAILURE_POLICY;

  /** See {@link ClientConfig#failoverTtl()}. */
  public Duration failoverTtl = ClientConfig.DEFAULT_FAILOVER_TTL;

  /** See {@link ClientConfig#failureLimit()}. */
  public int failureLimit = ClientConfig.DEFAULT_FAILURE_LIMIT;

  /** See {@link ClientConfig#retryDelay()}. */
  public Duration retryDelay = ClientConfig.DEFAULT_RETRY_DELAY;

  /** See {@link ClientConfig#connectionsPerServer()}. */
  public int connectionsPerServer = ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER;

  /** See {@link ClientConfig#maxInFlight()}. */
  public int maxInFlight = ClientConfig.DEFAULT_MAX_IN_FLIGHT;

  /** See {@link ClientConfig#updateAttempts()}. */
  public int updateAttempts = ClientConfig.DEFAULT_UPDATE_ATTEMPTS;

  /** See {@link ClientConfig#keyPrefix()}; empty for none. */
  public String keyPrefix = "";

  /** See {@link ClientConfig#keyFunction()}. */
  public KeyFunction keyFunction = KeyFunction.identity();

  /** See {@link ClientConfig#maxValueSize()}. */
  public int maxValueSize = ClientConfig.DEFAULT_MAX_VALUE_SIZE;

  /** See {@link ClientConfig#valueCodec()}. */
  public ValueCodec valueCodec = ClientConfig.DEFAULT_VALUE_CODEC;

  /** See {@link ClientConfig#distribution()}. */
  public Distribution distribution = ClientConfig.DEFAULT_DISTRIBUTION;

  /** {@code null}: the distribution's default hash when read. */
  public HashAlgorithm hashAlgorithm;

  /** {@code null}: plain TCP. */
  public SSLContext tls;

  /** See {@link ClientConfig#tlsHostnameVerification()}. */
  public boolean tlsHostnameVerification = ClientConfig.DEFAULT_TLS_HOSTNAME_VERIFICATION;

  /** {@code null}: no SASL. */
  public String saslUsername;

  /** {@code null}: no SASL. */
  public String saslPassword;

  /** Every setting at its default. */
  public ConfigDraft() {}

  /**
   * The settings as set, copied: changing this draft later does not change them.
   *
   * @return the immutable settings
   */
  public ConfigValues freeze() {
    return new ConfigValues(
        servers,
        protocol,
        operationTimeout,
        connectTimeout,
        hangTimeout,
        failurePolicy,
        failoverTtl,
        failureLimit,
        retryDelay,
        connectionsPerServer,
        maxInFlight,
        updateAttempts,
        keyPrefix,
        keyFunction,
        maxValueSize,
        valueCodec,
        distribution,
        hashAlgorithm,
        tls,
        tlsHostnameVerification,
        saslUsername,
        saslPassword,
        listeners);
  }

  /**
   * Takes every setting of {@code v}, unset derived ones included (they stay unset).
   *
   * @param v the settings to copy
   */
  public void load(ConfigValues v) {
    servers.clear();
    servers.addAll(v.servers());
    protocol = v.protocol();
    operationTimeout = v.operationTimeout();
    connectTimeout = v.connectTimeout();
    hangTimeout = v.hangTimeout();
    failurePolicy = v.failurePolicy();
    failoverTtl = v.failoverTtl();
    failureLimit = v.failureLimit();
    retryDelay = v.retryDelay();
    connectionsPerServer = v.connectionsPerServer();
    maxInFlight = v.maxInFlight();
    updateAttempts = v.updateAttempts();
    keyPrefix = v.keyPrefix();
    keyFunction = v.keyFunction();
    maxValueSize = v.maxValueSize();
    valueCodec = v.valueCodec();
    distribution = v.distribution();
    hashAlgorithm = v.hashAlgorithm();
    tls = v.tls();
    tlsHostnameVerification = v.tlsHostnameVerification();
    saslUsername = v.saslUsername();
    saslPassword = v.saslPassword();
    listeners.clear();
    listeners.addAll(v.listeners());
  }
}
