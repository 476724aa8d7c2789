package dev.memcache.spring.boot;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The {@code memcache.*} properties: the client's settings, TLS, SASL, the health check and the
 * cache manager (each group in a class of its own). Every client default is the client's own {@code
 * ClientConfig.DEFAULT_*} constant, so an application that sets only {@code memcache.servers} gets
 * the same client as {@code MemcacheClient.builder().servers(...).build()}.
 */
@ConfigurationProperties("memcache")
public class MemcacheProperties {
  /**
   * The servers, as "host:port" or "host:port weight" (or the Python clients' forms), in the order
   * your other clients list them so that every client places a key on the same server.
   */
  private List<String> servers = new ArrayList<>(List.of("localhost:11211"));

  /** The wire protocol: TEXT (every server and proxy), BINARY (needed for SASL) or META. */
  private Protocol protocol = ClientConfig.DEFAULT_PROTOCOL;

  /** How long a caller waits for a reply before it gets a timeout. */
  private Duration operationTimeout = ClientConfig.DEFAULT_OPERATION_TIMEOUT;

  /** How long opening a connection may take. */
  private Duration connectTimeout = ClientConfig.DEFAULT_CONNECT_TIMEOUT;

  /**
   * How long the oldest request on a connection may wait before the server is taken as hung and the
   * connection is re-opened. Unset: 3 x the operation timeout, at least 1 s.
   */
  private Duration hangTimeout;

  /** Connections to each server; one is enough for most loads, as requests are pipelined. */
  private int connectionsPerServer = ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER;

  /** Requests in flight per connection before callers wait (backpressure). */
  private int maxInFlight = ClientConfig.DEFAULT_MAX_IN_FLIGHT;

  /**
   * How keys are spread over several servers: name the client your other services use (the default
   * is pymemcache's HashClient, behind Django's PyMemcacheCache).
   */
  private Distribution distribution = ClientConfig.DEFAULT_DISTRIBUTION;

  /**
   * The key hash of a LIBMEMCACHED_* distribution, as pylibmc's "hash" behaviour sets it. Unset:
   * the distribution's default.
   */
  private HashAlgorithm hashAlgorithm;

  /**
   * What requests do while their server is down: FAIL_FAST throws, REDISTRIBUTE sends the key to
   * the next live server, MISS treats the outage as a miss.
   */
  private FailurePolicy failurePolicy = ClientConfig.DEFAULT_FAILURE_POLICY;

  /** Consecutive failures (failed connects, broken connections) that mark a server down. */
  private int failureLimit = ClientConfig.DEFAULT_FAILURE_LIMIT;

  /** How often a server marked down is probed in the background. */
  private Duration retryDelay = ClientConfig.DEFAULT_RETRY_DELAY;

  /**
   * Under REDISTRIBUTE, the longest expiration of a write sent to a fallback server because the
   * key's owner is down.
   */
  private Duration failoverTtl = ClientConfig.DEFAULT_FAILOVER_TTL;

  /** A namespace put before every key the client sends (counted in the 250-byte key limit). */
  private String keyPrefix = "";

  /** Largest encoded value sent or read; bigger ones fail before sending. Match the server's -I. */
  private DataSize maxValueSize = DataSize.ofBytes(ClientConfig.DEFAULT_MAX_VALUE_SIZE);

  /** TLS (memcached -Z). */
  @NestedConfigurationProperty
  private final MemcacheSslProperties ssl = new MemcacheSslProperties();

  /** SASL PLAIN authentication (memcached -S); needs protocol BINARY. */
  @NestedConfigurationProperty
  private final MemcacheSaslProperties sasl = new MemcacheSaslProperties();

  /** The health indicator. */
  @NestedConfigurationProperty
  private final MemcacheHealthProperties health = new MemcacheHealthProperties();

  /** The Spring cache manager. */
  @NestedConfigurationProperty
  private final MemcacheCacheProperties cache = new MemcacheCacheProperties();

  /** Properties with every default. */
  public MemcacheProperties() {}

  /** {@return the servers, as "host:port"} */
  public List<String> getServers() {
    return servers;
  }

  /**
   * Sets the servers.
   *
   * @param servers the servers, as "host:port"
   */
  public void setServers(List<String> servers) {
    this.servers = servers;
  }

  /** {@return the protocol} */
  public Protocol getProtocol() {
    return protocol;
  }

  /**
   * Sets the wire protocol.
   *
   * @param protocol the protocol
   */
  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  /** {@return the timeout} */
  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  /**
   * Sets how long a caller waits for a reply.
   *
   * @param operationTimeout the timeout
   */
  public void setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = operationTimeout;
  }

  /** {@return the timeout} */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets how long opening a connection may take.
   *
   * @param connectTimeout the timeout
   */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** {@return the timeout, or {@code null}} */
  public Duration getHangTimeout() {
    return hangTimeout;
  }

  /**
   * Sets the hang timeout.
   *
   * @param hangTimeout the timeout, or {@code null} to derive it from the operation timeout
   */
  public void setHangTimeout(Duration hangTimeout) {
    this.hangTimeout = hangTimeout;
  }

  /** {@return the number of connections} */
  public int getConnectionsPerServer() {
    return connectionsPerServer;
  }

  /**
   * Sets the connections to each server.
   *
   * @param connectionsPerServer the number of connections, 1 to 64
   */
  public void setConnectionsPerServer(int connectionsPerServer) {
    this.connectionsPerServer = connectionsPerServer;
  }

  /** {@return the limit} */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * Sets the requests in flight per connection before callers wait.
   *
   * @param maxInFlight the limit, at least 1
   */
  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /** {@return the distribution} */
  public Distribution getDistribution() {
    return distribution;
  }

  /**
   * Sets how keys are spread over several servers.
   *
   * @param distribution the distribution
   */
  public void setDistribution(Distribution distribution) {
    this.distribution = distribution;
  }

  /** {@return the hash, or {@code null}} */
  public HashAlgorithm getHashAlgorithm() {
    return hashAlgorithm;
  }

  /**
   * Sets the key hash of a LIBMEMCACHED_* distribution.
   *
   * @param hashAlgorithm the hash, or {@code null} for the distribution's default
   */
  public void setHashAlgorithm(HashAlgorithm hashAlgorithm) {
    this.hashAlgorithm = hashAlgorithm;
  }

  /** {@return the policy} */
  public FailurePolicy getFailurePolicy() {
    return failurePolicy;
  }

  /**
   * Sets what requests do while their server is down.
   *
   * @param failurePolicy the policy
   */
  public void setFailurePolicy(FailurePolicy failurePolicy) {
    this.failurePolicy = failurePolicy;
  }

  /** {@return the number of failures} */
  public int getFailureLimit() {
    return failureLimit;
  }

  /**
   * Sets the consecutive failures that mark a server down.
   *
   * @param failureLimit the number of failures, at least 1
   */
  public void setFailureLimit(int failureLimit) {
    this.failureLimit = failureLimit;
  }

  /** {@return the delay between probes} */
  public Duration getRetryDelay() {
    return retryDelay;
  }

  /**
   * Sets how often a server marked down is probed.
   *
   * @param retryDelay the delay between probes
   */
  public void setRetryDelay(Duration retryDelay) {
    this.retryDelay = retryDelay;
  }

  /** {@return the cap} */
  public Duration getFailoverTtl() {
    return failoverTtl;
  }

  /**
   * Sets the longest expiration of a write sent to a fallback server under REDISTRIBUTE.
   *
   * @param failoverTtl the cap, from 1 s to 30 days
   */
  public void setFailoverTtl(Duration failoverTtl) {
    this.failoverTtl = failoverTtl;
  }

  /** {@return the prefix; empty for none} */
  public String getKeyPrefix() {
    return keyPrefix;
  }

  /**
   * Sets the namespace put before every key the client sends.
   *
   * @param keyPrefix the prefix; empty for none
   */
  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** {@return the size} */
  public DataSize getMaxValueSize() {
    return maxValueSize;
  }

  /**
   * Sets the largest encoded value sent or read.
   *
   * @param maxValueSize the size, at most 2 GiB - 1
   */
  public void setMaxValueSize(DataSize maxValueSize) {
    this.maxValueSize = maxValueSize;
  }

  /** {@return the TLS settings} */
  public MemcacheSslProperties getSsl() {
    return ssl;
  }

  /** {@return the SASL settings} */
  public MemcacheSaslProperties getSasl() {
    return sasl;
  }

  /** {@return the health settings} */
  public MemcacheHealthProperties getHealth() {
    return health;
  }

  /** {@return the cache settings} */
  public MemcacheCacheProperties getCache() {
    return cache;
  }
}
