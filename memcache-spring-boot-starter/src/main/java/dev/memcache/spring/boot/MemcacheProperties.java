package dev.memcache.spring.boot;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code memcache.*} properties: the client's settings, TLS, SASL, the health check and the
 * cache manager. Every default is the client's own (see {@code ClientConfig.Builder}), so an
 * application that sets only {@code memcache.servers} gets the same client as {@code
 * MemcacheClient.builder().servers(...).build()}.
 */
@ConfigurationProperties("memcache")
public class MemcacheProperties {
  /**
   * The servers, as "host:port" or "host:port weight" (or the Python clients' forms), in the order
   * your other clients list them so that every client places a key on the same server.
   */
  private List<String> servers = new ArrayList<>(List.of("localhost:11211"));

  /** The wire protocol: TEXT (every server and proxy), BINARY (needed for SASL) or META. */
  private Protocol protocol = Protocol.TEXT;

  /** How long a caller waits for a reply before it gets a timeout. */
  private Duration operationTimeout = Duration.ofSeconds(1);

  /** How long opening a connection may take. */
  private Duration connectTimeout = Duration.ofSeconds(1);

  /**
   * How long the oldest request on a connection may wait before the server is taken as hung and the
   * connection is re-opened. Unset: 3 x the operation timeout, at least 1 s.
   */
  private Duration hangTimeout;

  /** Connections to each server; one is enough for most loads, as requests are pipelined. */
  private int connectionsPerServer = 1;

  /** Requests in flight per connection before callers wait (backpressure). */
  private int maxInFlight = 4096;

  /**
   * How keys are spread over several servers: name the client your other services use (the default
   * is pymemcache's HashClient, behind Django's PyMemcacheCache).
   */
  private Distribution distribution = Distribution.PYMEMCACHE_RENDEZVOUS;

  /**
   * The key hash of a LIBMEMCACHED_* distribution, as pylibmc's "hash" behaviour sets it. Unset:
   * the distribution's default.
   */
  private HashAlgorithm hashAlgorithm;

  /**
   * What requests do while their server is down: FAIL_FAST throws, REDISTRIBUTE sends the key to
   * the next live server, MISS treats the outage as a miss.
   */
  private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;

  /** Consecutive failures (failed connects, broken connections) that mark a server down. */
  private int failureLimit = 2;

  /** How often a server marked down is probed in the background. */
  private Duration retryDelay = Duration.ofSeconds(1);

  /**
   * Under REDISTRIBUTE, the longest expiration of a write sent to a fallback server because the
   * key's owner is down.
   */
  private Duration failoverTtl = Duration.ofSeconds(60);

  /** A namespace put before every key the client sends (counted in the 250-byte key limit). */
  private String keyPrefix = "";

  /** Largest encoded value sent or read; bigger ones fail before sending. Match the server's -I. */
  private DataSize maxValueSize = DataSize.ofMegabytes(1);

  /** TLS (memcached -Z). */
  private final Ssl ssl = new Ssl();

  /** SASL PLAIN authentication (memcached -S); needs protocol BINARY. */
  private final Sasl sasl = new Sasl();

  /** The health indicator. */
  private final Health health = new Health();

  /** The Spring cache manager. */
  private final Cache cache = new Cache();

  /** Properties with every default. */
  public MemcacheProperties() {}

  /**
   * The servers.
   *
   * @return the servers, as "host:port"
   */
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

  /**
   * The wire protocol.
   *
   * @return the protocol
   */
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

  /**
   * How long a caller waits for a reply.
   *
   * @return the timeout
   */
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

  /**
   * How long opening a connection may take.
   *
   * @return the timeout
   */
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

  /**
   * The hang timeout, or null when derived from the operation timeout.
   *
   * @return the timeout, or {@code null}
   */
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

  /**
   * Connections to each server.
   *
   * @return the number of connections
   */
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

  /**
   * Requests in flight per connection before callers wait.
   *
   * @return the limit
   */
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

  /**
   * How keys are spread over several servers.
   *
   * @return the distribution
   */
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

  /**
   * The key hash of a LIBMEMCACHED_* distribution, or null for the distribution's default.
   *
   * @return the hash, or {@code null}
   */
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

  /**
   * What requests do while their server is down.
   *
   * @return the policy
   */
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

  /**
   * Consecutive failures that mark a server down.
   *
   * @return the number of failures
   */
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

  /**
   * How often a server marked down is probed.
   *
   * @return the delay between probes
   */
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

  /**
   * The longest expiration of a write sent to a fallback server under REDISTRIBUTE.
   *
   * @return the cap
   */
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

  /**
   * The namespace put before every key the client sends.
   *
   * @return the prefix; empty for none
   */
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

  /**
   * The largest encoded value sent or read.
   *
   * @return the size
   */
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

  /**
   * The TLS settings.
   *
   * @return the TLS settings
   */
  public Ssl getSsl() {
    return ssl;
  }

  /**
   * The SASL settings.
   *
   * @return the SASL settings
   */
  public Sasl getSasl() {
    return sasl;
  }

  /**
   * The health indicator's settings.
   *
   * @return the health settings
   */
  public Health getHealth() {
    return health;
  }

  /**
   * The cache manager's settings.
   *
   * @return the cache settings
   */
  public Cache getCache() {
    return cache;
  }

  /** TLS settings ({@code memcache.ssl.*}). */
  public static class Ssl {
    /**
     * Whether connections use TLS. Implied by a bundle; without one, the JVM's default trust store
     * is used.
     */
    private boolean enabled;

    /**
     * The name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material (and key,
     * for client certificates) the connections use.
     */
    private String bundle;

    /**
     * Whether the server's certificate must name the host connected to. Turning it off is unsafe
     * outside tests.
     */
    private boolean hostnameVerification = true;

    /** TLS off, hostname verification on. */
    public Ssl() {}

    /**
     * Whether TLS is on, without a bundle.
     *
     * @return {@code true} when TLS is on
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns TLS on or off.
     *
     * @param enabled {@code true} for TLS
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The SSL bundle's name.
     *
     * @return the name, or {@code null}
     */
    public String getBundle() {
      return bundle;
    }

    /**
     * Sets the SSL bundle's name.
     *
     * @param bundle the name of a {@code spring.ssl.bundle.*} bundle
     */
    public void setBundle(String bundle) {
      this.bundle = bundle;
    }

    /**
     * Whether the certificate must name the host.
     *
     * @return {@code true} when checked
     */
    public boolean isHostnameVerification() {
      return hostnameVerification;
    }

    /**
     * Sets whether the certificate must name the host.
     *
     * @param hostnameVerification {@code false} to accept any trusted certificate
     */
    public void setHostnameVerification(boolean hostnameVerification) {
      this.hostnameVerification = hostnameVerification;
    }
  }

  /** SASL settings ({@code memcache.sasl.*}). */
  public static class Sasl {
    /** The SASL user name; connections authenticate when it is set. */
    private String username;

    /** The SASL password. */
    private String password;

    /** No authentication. */
    public Sasl() {}

    /**
     * The user name.
     *
     * @return the user name, or {@code null}
     */
    public String getUsername() {
      return username;
    }

    /**
     * Sets the user name.
     *
     * @param username the user name
     */
    public void setUsername(String username) {
      this.username = username;
    }

    /**
     * The password.
     *
     * @return the password, or {@code null}
     */
    public String getPassword() {
      return password;
    }

    /**
     * Sets the password.
     *
     * @param password the password
     */
    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** Health indicator settings ({@code memcache.health.*}). */
  public static class Health {
    /** How long each server has to answer the health check's version request. */
    private Duration timeout = Duration.ofSeconds(1);

    /** A 1 s timeout. */
    public Health() {}

    /**
     * How long each server has to answer.
     *
     * @return the timeout
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets how long each server has to answer.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Cache manager settings ({@code memcache.cache.*}). */
  public static class Cache {
    /** Time to live of entries in caches without a TTL of their own; 0 means no expiry. */
    private Duration defaultTtl = Duration.ZERO;

    /** Time to live per cache name, overriding the default TTL. */
    private Map<String, Duration> ttl = new LinkedHashMap<>();

    /**
     * Put before every cache key (after the client's key prefix), to keep this application's caches
     * apart from others sharing the servers.
     */
    private String keyPrefix = "";

    /** Whether null values are cached (as a marker that reads back as null). */
    private boolean allowNullValues = true;

    /**
     * Caches created at startup; when set, other names are refused. Empty: caches are created on
     * first use.
     */
    private List<String> cacheNames = new ArrayList<>();

    /**
     * How long a cache uses the namespace generation it read before reading it again (a clear made
     * by another process is seen after at most this long); 0 reads it on every operation.
     */
    private Duration generationCacheTtl = Duration.ofSeconds(1);

    /**
     * How long the cross-process loading lock of get(key, loader) lives, so that a process that
     * dies while loading does not hold it forever. Choose more than a load takes.
     */
    private Duration lockTtl = Duration.ofSeconds(10);

    /**
     * How long a process waits for another process's load of the same key before it loads itself.
     */
    private Duration lockWait = Duration.ofSeconds(10);

    /** Every default. */
    public Cache() {}

    /**
     * How long a generation read is used.
     *
     * @return the duration; zero reads the generation on every operation
     */
    public Duration getGenerationCacheTtl() {
      return generationCacheTtl;
    }

    /**
     * Sets how long a generation read is used.
     *
     * @param generationCacheTtl the duration; zero reads the generation on every operation
     */
    public void setGenerationCacheTtl(Duration generationCacheTtl) {
      this.generationCacheTtl = generationCacheTtl;
    }

    /**
     * The loading lock's time to live.
     *
     * @return the TTL
     */
    public Duration getLockTtl() {
      return lockTtl;
    }

    /**
     * Sets the loading lock's time to live.
     *
     * @param lockTtl the TTL, at least 1 s
     */
    public void setLockTtl(Duration lockTtl) {
      this.lockTtl = lockTtl;
    }

    /**
     * How long a process waits for another's load.
     *
     * @return the longest wait
     */
    public Duration getLockWait() {
      return lockWait;
    }

    /**
     * Sets how long a process waits for another's load.
     *
     * @param lockWait the longest wait; zero loads at once
     */
    public void setLockWait(Duration lockWait) {
      this.lockWait = lockWait;
    }

    /**
     * The default time to live.
     *
     * @return the TTL; zero for no expiry
     */
    public Duration getDefaultTtl() {
      return defaultTtl;
    }

    /**
     * Sets the default time to live.
     *
     * @param defaultTtl the TTL; zero for no expiry
     */
    public void setDefaultTtl(Duration defaultTtl) {
      this.defaultTtl = defaultTtl;
    }

    /**
     * The time to live per cache name.
     *
     * @return the TTLs by cache name
     */
    public Map<String, Duration> getTtl() {
      return ttl;
    }

    /**
     * Sets the time to live per cache name.
     *
     * @param ttl the TTLs by cache name
     */
    public void setTtl(Map<String, Duration> ttl) {
      this.ttl = ttl;
    }

    /**
     * The prefix of every cache key.
     *
     * @return the prefix; empty for none
     */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the prefix of every cache key.
     *
     * @param keyPrefix the prefix; empty for none
     */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * Whether null values are cached.
     *
     * @return {@code true} when null values are cached
     */
    public boolean isAllowNullValues() {
      return allowNullValues;
    }

    /**
     * Sets whether null values are cached.
     *
     * @param allowNullValues {@code true} to cache null values
     */
    public void setAllowNullValues(boolean allowNullValues) {
      this.allowNullValues = allowNullValues;
    }

    /**
     * The caches created at startup.
     *
     * @return the cache names; empty when caches are created on first use
     */
    public List<String> getCacheNames() {
      return cacheNames;
    }

    /**
     * Sets the caches created at startup.
     *
     * @param cacheNames the cache names
     */
    public void setCacheNames(List<String> cacheNames) {
      this.cacheNames = cacheNames;
    }
  }
}
