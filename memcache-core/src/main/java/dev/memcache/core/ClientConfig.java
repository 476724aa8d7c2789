package dev.memcache.core;

import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.internal.routing.Routing;
import dev.memcache.core.keys.KeyFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Immutable client settings, shared by the Java and Kotlin clients. Build one with {@link
 * #builder()}, change a copy with {@link #toBuilder()}. Defaults are given on each setter.
 */
public final class ClientConfig {
  private final List<ServerAddress> servers;
  private final Protocol protocol;
  private final Duration operationTimeout;
  private final Duration connectTimeout;
  private final Duration hangTimeout;

  /** The hang timeout as set on the builder, or null when derived from the operation timeout. */
  private final Duration explicitHangTimeout;

  private final Duration failoverTtl;
  private final FailurePolicy failurePolicy;
  private final int failureLimit;
  private final Duration retryDelay;
  private final int connectionsPerServer;
  private final int maxInFlight;
  private final int updateAttempts;
  private final String keyPrefix;
  private final KeyFunction keyFunction;
  private final int maxValueSize;
  private final ValueCodec valueCodec;
  private final Distribution distribution;
  private final HashAlgorithm hashAlgorithm;

  /** The hash as set on the builder, or null when it is the distribution's default. */
  private final HashAlgorithm explicitHashAlgorithm;

  private final SSLContext tls;
  private final boolean tlsHostnameVerification;
  private final String saslUsername;
  private final String saslPassword;
  private final List<MemcacheListener> listeners;
  private final MemcacheListener listener;

  /** Default of {@link Builder#updateAttempts}: gets/cas rounds before {@code update} gives up. */
  public static final int DEFAULT_UPDATE_ATTEMPTS = 64;

  private ClientConfig(Builder<?> b) {
    if (b.servers.isEmpty())
      throw new IllegalArgumentException("no servers: call servers(\"127.0.0.1:11211\")");
    this.servers = List.copyOf(b.servers);
    this.protocol = b.protocol;
    this.operationTimeout = b.operationTimeout;
    this.connectTimeout = b.connectTimeout;
    this.explicitHangTimeout = b.hangTimeout;
    Duration derived = operationTimeout.multipliedBy(3);
    this.hangTimeout =
        b.hangTimeout != null
            ? b.hangTimeout
            : derived.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : derived;
    this.failoverTtl = b.failoverTtl;
    this.failurePolicy = b.failurePolicy;
    this.failureLimit = b.failureLimit;
    this.retryDelay = b.retryDelay;
    this.connectionsPerServer = b.connectionsPerServer;
    this.maxInFlight = b.maxInFlight;
    this.updateAttempts = b.updateAttempts;
    this.keyPrefix = b.keyPrefix;
    this.keyFunction = b.keyFunction;
    this.maxValueSize = b.maxValueSize;
    this.valueCodec = b.valueCodec;
    this.distribution = b.distribution;
    this.explicitHashAlgorithm = b.hashAlgorithm;
    this.hashAlgorithm = b.hashAlgorithm != null ? b.hashAlgorithm : b.distribution.defaultHash();
    Routing.check(distribution, b.hashAlgorithm, servers);
    this.tls = b.tls;
    this.tlsHostnameVerification = b.tlsHostnameVerification;
    this.saslUsername = b.saslUsername;
    this.saslPassword = b.saslPassword;
    this.listeners = List.copyOf(b.listeners);
    this.listener = listeners.isEmpty() ? null : MemcacheListener.of(listeners);
    if (saslUsername != null && protocol != Protocol.BINARY) {
      throw new IllegalArgumentException(
          "SASL authentication needs protocol(Protocol.BINARY), not " + protocol);
    }
  }

  /**
   * A builder with every default.
   *
   * @return a new builder
   */
  public static Builder<?> builder() {
    return new Builder<>();
  }

  /**
   * A builder holding these settings. Defaults derived from another setting (the hang timeout from
   * the operation timeout, the hash from the distribution) are derived again at {@code build()}
   * unless they were set explicitly: {@code toBuilder().operationTimeout(...)} moves a derived hang
   * timeout along.
   *
   * @return a new builder with every setting of this configuration
   */
  public Builder<?> toBuilder() {
    Builder<?> b = new Builder<>();
    b.copyFrom(this);
    return b;
  }

  /**
   * The servers, in the order given.
   *
   * @return the servers
   */
  public List<ServerAddress> servers() {
    return servers;
  }

  /**
   * The wire protocol.
   *
   * @return the protocol
   */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * How long a caller waits for a reply.
   *
   * @return the timeout
   */
  public Duration operationTimeout() {
    return operationTimeout;
  }

  /**
   * How long opening a connection may take.
   *
   * @return the timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long the oldest request on a connection may wait before the server is taken as hung.
   *
   * @return the timeout
   */
  public Duration hangTimeout() {
    return hangTimeout;
  }

  /**
   * What requests do while their server is down.
   *
   * @return the policy
   */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /**
   * The longest expiration of a write sent to a fallback server under {@link
   * FailurePolicy#REDISTRIBUTE}; see {@link Builder#failoverTtl(Duration)}.
   *
   * @return the cap, at least 1 s and at most 30 days
   */
  public Duration failoverTtl() {
    return failoverTtl;
  }

  /**
   * Consecutive failures that mark a server down.
   *
   * @return the number of failures
   */
  public int failureLimit() {
    return failureLimit;
  }

  /**
   * How often a down server is probed.
   *
   * @return the delay between probes
   */
  public Duration retryDelay() {
    return retryDelay;
  }

  /**
   * Connections to each server.
   *
   * @return the number of connections
   */
  public int connectionsPerServer() {
    return connectionsPerServer;
  }

  /**
   * Requests in flight per connection before callers wait.
   *
   * @return the limit
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * How many gets/cas rounds {@code update} makes before it throws {@link
   * MemcacheCasConflictException}.
   *
   * @return the limit, at least 1
   */
  public int updateAttempts() {
    return updateAttempts;
  }

  /**
   * The namespace put before every key; empty for none.
   *
   * @return the prefix
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * How callers' keys become stored keys; see {@link Builder#keys(KeyFunction)}.
   *
   * @return the key function, {@link KeyFunction#identity()} unless one was set
   */
  public KeyFunction keyFunction() {
    return keyFunction;
  }

  /**
   * Largest value sent or read: a bigger one fails before sending, and a reply declaring a bigger
   * one is a protocol error that closes the connection before anything is allocated. Match the
   * server's {@code -I}; default 1 MiB.
   *
   * @return the size in bytes
   */
  public int maxValueSize() {
    return maxValueSize;
  }

  /**
   * How values become bytes and flags.
   *
   * @return the codec
   */
  public ValueCodec valueCodec() {
    return valueCodec;
  }

  /**
   * How keys are spread over the servers; see {@link Builder#distribution(Distribution)}.
   *
   * @return the distribution
   */
  public Distribution distribution() {
    return distribution;
  }

  /**
   * The key hash of a {@code LIBMEMCACHED_*} distribution; {@code null} for the others (fixed
   * hash).
   *
   * @return the hash, or {@code null}
   */
  public HashAlgorithm hashAlgorithm() {
    return hashAlgorithm;
  }

  /**
   * The TLS context connections are wrapped with, or null for plain TCP.
   *
   * @return the context, or {@code null}
   */
  public SSLContext tls() {
    return tls;
  }

  /**
   * Whether TLS checks that the server's certificate names the host connected to.
   *
   * @return {@code true} when the host name is checked
   */
  public boolean tlsHostnameVerification() {
    return tlsHostnameVerification;
  }

  /**
   * The SASL user name, or null when connections do not authenticate.
   *
   * @return the user name, or {@code null}
   */
  public String saslUsername() {
    return saslUsername;
  }

  /**
   * The SASL password, or null.
   *
   * @return the password, or {@code null}
   */
  public String saslPassword() {
    return saslPassword;
  }

  /**
   * What hears the client's events: the listeners added with {@link Builder#listener}, as one.
   *
   * @return the listener, or null when none was added (then the client makes no events)
   */
  public MemcacheListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "ClientConfig{servers="
        + servers
        + ", protocol="
        + protocol
        + ", operationTimeout="
        + operationTimeout
        + ", connectionsPerServer="
        + connectionsPerServer
        + ", keyPrefix='"
        + keyPrefix
        + "'"
        + (keyFunction != KeyFunction.identity() ? ", keys=" + keyFunction : "")
        + ", distribution="
        + distribution
        + (hashAlgorithm != null ? "/" + hashAlgorithm : "")
        + (tls != null ? ", tls" : "")
        + (saslUsername != null ? ", sasl=" + saslUsername : "")
        + "}";
  }

  /**
   * Settings for a client. Facades extend it so their {@code builder()} returns the same setters
   * and a {@code build()} of their own.
   *
   * @param <B> the builder type of the facade, returned by every setter
   */
  @SuppressWarnings("unchecked")
  public static class Builder<B extends Builder<B>> {
    private final List<ServerAddress> servers = new ArrayList<>();
    private Protocol protocol = Protocol.TEXT;
    private Duration operationTimeout = Duration.ofSeconds(1);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration hangTimeout;
    private FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
    private Duration failoverTtl = Duration.ofSeconds(60);
    private int failureLimit = 2;
    private Duration retryDelay = Duration.ofSeconds(1);
    private int connectionsPerServer = 1;
    private int maxInFlight = 4096;
    private int updateAttempts = DEFAULT_UPDATE_ATTEMPTS;
    private String keyPrefix = "";
    private KeyFunction keyFunction = KeyFunction.identity();
    private int maxValueSize = 1024 * 1024;
    private ValueCodec valueCodec = PythonValueCodec.DEFAULT;
    private Distribution distribution = Distribution.PYMEMCACHE_RENDEZVOUS;
    private HashAlgorithm hashAlgorithm;
    private SSLContext tls;
    private boolean tlsHostnameVerification = true;
    private String saslUsername;
    private String saslPassword;
    private final List<MemcacheListener> listeners = new ArrayList<>();

    /** A builder with every default; facades extend it. */
    protected Builder() {}

    /**
     * Copies every setting of {@code config}; derived defaults that {@code config} did not set
     * explicitly stay derived (see {@link ClientConfig#toBuilder()}).
     *
     * @param config the settings to copy
     * @return this builder
     */
    public B copyFrom(ClientConfig config) {
      servers.clear();
      servers.addAll(config.servers);
      protocol = config.protocol;
      operationTimeout = config.operationTimeout;
      connectTimeout = config.connectTimeout;
      hangTimeout = config.explicitHangTimeout;
      failurePolicy = config.failurePolicy;
      failoverTtl = config.failoverTtl;
      failureLimit = config.failureLimit;
      retryDelay = config.retryDelay;
      connectionsPerServer = config.connectionsPerServer;
      maxInFlight = config.maxInFlight;
      updateAttempts = config.updateAttempts;
      keyPrefix = config.keyPrefix;
      keyFunction = config.keyFunction;
      maxValueSize = config.maxValueSize;
      valueCodec = config.valueCodec;
      distribution = config.distribution;
      hashAlgorithm = config.explicitHashAlgorithm;
      tls = config.tls;
      tlsHostnameVerification = config.tlsHostnameVerification;
      saslUsername = config.saslUsername;
      saslPassword = config.saslPassword;
      listeners.clear();
      listeners.addAll(config.listeners);
      return (B) this;
    }

    /**
     * The servers, as {@code "host:port"} or {@code "host:port weight"}; replaces earlier ones.
     * Required.
     *
     * @param addresses the servers
     * @return this builder
     * @throws IllegalArgumentException naming an address that cannot be parsed
     */
    public B servers(String... addresses) {
      return servers(List.of(addresses));
    }

    /**
     * The servers, as {@code "host:port"} or {@code "host:port weight"}, or in the Python clients'
     * forms (pylibmc's {@code "host:port:weight"}, python-memcached's {@code "inet:host:port"}; see
     * {@link ServerAddress#parse(String)}); replaces earlier ones.
     *
     * @param addresses the servers
     * @return this builder
     * @throws IllegalArgumentException naming an address that cannot be parsed
     */
    public B servers(List<String> addresses) {
      List<ServerAddress> parsed = new ArrayList<>();
      for (String a : addresses) parsed.add(ServerAddress.parse(a));
      servers.clear();
      servers.addAll(parsed);
      return (B) this;
    }

    /**
     * Adds one server with a routing weight, as python-memcached's {@code ("host:port", weight)}
     * server tuples give it; the address takes every form {@link ServerAddress#parse(String)}
     * reads.
     *
     * @param hostPort the server, for example {@code "10.0.0.5:11211"}
     * @param weight the routing weight, at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code hostPort} is not a server address, carries
     *     another weight, or the weight is below 1
     */
    public B server(String hostPort, int weight) {
      servers.add(ServerAddress.parse(hostPort, weight));
      return (B) this;
    }

    /**
     * Adds one server with a routing weight.
     *
     * @param host host name or IP literal
     * @param port TCP port
     * @param weight routing weight, at least 1
     * @return this builder
     */
    public B server(String host, int port, int weight) {
      servers.add(new ServerAddress(host, port, weight));
      return (B) this;
    }

    /**
     * The wire protocol; default {@link Protocol#TEXT}.
     *
     * @param protocol the protocol
     * @return this builder
     */
    public B protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return (B) this;
    }

    /**
     * How long a caller waits for a reply before it gets {@link MemcacheTimeoutException}; default
     * 1 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public B operationTimeout(Duration timeout) {
      this.operationTimeout = positive(timeout, "operationTimeout");
      return (B) this;
    }

    /**
     * How long opening a connection may take; default 1 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public B connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return (B) this;
    }

    /**
     * When the oldest request on a connection has waited this long, the server is taken as hung:
     * the connection is closed, its requests fail and it is re-opened. Default: 3 x operation
     * timeout, at least 1 s.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public B hangTimeout(Duration timeout) {
      this.hangTimeout = positive(timeout, "hangTimeout");
      return (B) this;
    }

    /**
     * What requests do while their server is down; default {@link FailurePolicy#FAIL_FAST}.
     *
     * @param policy the policy
     * @return this builder
     */
    public B failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
      return (B) this;
    }

    /**
     * Consecutive failures (connect failures, broken connections) that mark a server down; default
     * 2. A down server gets no requests until a background probe finds it answering again.
     *
     * @param n the number of failures, at least 1
     * @return this builder
     */
    public B failureLimit(int n) {
      if (n < 1) throw new IllegalArgumentException("failureLimit must be at least 1, was " + n);
      this.failureLimit = n;
      return (B) this;
    }

    /**
     * Under {@link FailurePolicy#REDISTRIBUTE}, the longest expiration of a write (set, add,
     * replace, cas, touch, counter creation) sent to a fallback server because the key's owner is
     * down: a longer or endless TTL is cut to this. Default 60 s, mcrouter's {@code
     * failover_exptime} default: long enough that a fallback serves a hot key through a short
     * outage without recomputing it every few seconds, short enough that a copy written during one
     * outage is gone before a later outage could serve it again, although the owner got newer
     * values in between. Lower it when stale reads cost more than misses.
     *
     * @param ttl the cap, from 1 s to 30 days (fractions of a second round up)
     * @return this builder
     * @throws IllegalArgumentException when {@code ttl} is not between 1 s and 30 days
     */
    public B failoverTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(30)) > 0)
        throw new IllegalArgumentException("failoverTtl must be from 1 s to 30 days, was " + ttl);
      this.failoverTtl = ttl;
      return (B) this;
    }

    /**
     * How often a down server is probed in the background; default 1 s.
     *
     * @param delay a positive duration
     * @return this builder
     */
    public B retryDelay(Duration delay) {
      this.retryDelay = positive(delay, "retryDelay");
      return (B) this;
    }

    /**
     * Connections to each server; default 1 (one is enough for most loads: requests are pipelined).
     *
     * @param n the number of connections, at least 1
     * @return this builder
     */
    public B connectionsPerServer(int n) {
      if (n < 1 || n > 64)
        throw new IllegalArgumentException("connectionsPerServer must be 1..64, was " + n);
      this.connectionsPerServer = n;
      return (B) this;
    }

    /**
     * Requests in flight per connection before callers wait (backpressure); default 4096.
     *
     * @param n the limit, at least 1
     * @return this builder
     */
    public B maxInFlight(int n) {
      if (n < 1) throw new IllegalArgumentException("maxInFlight must be positive, was " + n);
      this.maxInFlight = n;
      return (B) this;
    }

    /**
     * How many gets/cas rounds {@code update} (and the JSON and Kotlin forms of it) makes before it
     * gives up with {@link MemcacheCasConflictException}; default {@value
     * ClientConfig#DEFAULT_UPDATE_ATTEMPTS}. Each round reads the value, runs the caller's function
     * and tries to store its result; a round is lost when another writer changed (or created) the
     * item in between. The bound keeps a hot key from spinning a caller forever: raise it for keys
     * many writers update at once, lower it to fail fast. One setting for the client, rather than
     * an argument on each {@code update}, because the right bound depends on how contended the
     * cache's keys are, not on the call site.
     *
     * @param n the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code n} is less than 1
     */
    public B updateAttempts(int n) {
      if (n < 1) throw new IllegalArgumentException("updateAttempts must be at least 1, was " + n);
      this.updateAttempts = n;
      return (B) this;
    }

    /**
     * A namespace put before every key (and counted in its 250-byte limit); default none.
     *
     * @param prefix the prefix; empty for none
     * @return this builder
     */
    public B keyPrefix(String prefix) {
      this.keyPrefix = Objects.requireNonNull(prefix, "keyPrefix");
      return (B) this;
    }

    /**
     * A framework's key scheme: every key a caller names goes through {@code keys} before it is
     * routed, validated and sent (with the {@link #keyPrefix} before it), and results are keyed by
     * the caller's keys. For example {@code keys(DjangoKeys.of("shop", 1))} stores {@code "cart"}
     * as {@code "shop:1:cart"}, as Django's cache does. Unlike the key prefix, what the function
     * adds is hashed with the key by every distribution. Default {@link KeyFunction#identity()}.
     *
     * @param keys the key function
     * @return this builder
     */
    public B keys(KeyFunction keys) {
      this.keyFunction = Objects.requireNonNull(keys, "keys");
      return (B) this;
    }

    /**
     * Largest encoded value sent; bigger ones fail before sending. Match the server's {@code -I};
     * default 1 MiB.
     *
     * @param bytes the size in bytes
     * @return this builder
     */
    public B maxValueSize(int bytes) {
      if (bytes < 1)
        throw new IllegalArgumentException("maxValueSize must be positive, was " + bytes);
      this.maxValueSize = bytes;
      return (B) this;
    }

    /**
     * How values become bytes and flags; default {@link PythonValueCodec#DEFAULT} (the Python
     * clients' flags).
     *
     * @param codec the codec
     * @return this builder
     */
    public B valueCodec(ValueCodec codec) {
      this.valueCodec = Objects.requireNonNull(codec, "valueCodec");
      return (B) this;
    }

    /**
     * How keys are spread over several servers: name the client your other services use, and list
     * the servers in the same order as they do, so both place every key on the same server. The
     * {@code LIBMEMCACHED_*} values use their default hash (one-at-a-time; MD5 for weighted
     * ketama).
     *
     * <p>Default {@link Distribution#PYMEMCACHE_RENDEZVOUS}: pymemcache's {@code HashClient}, the
     * client behind Django's {@code PyMemcacheCache} (Django's python-memcached backend was removed
     * in Django 4.1). It is also the best choice without Python: adding or removing a server moves
     * only that server's share of the keys, where the modula distributions of python-memcached and
     * pylibmc move almost all of them. It has no weights: with weights, choose a distribution that
     * has them. With one server every distribution places keys alike.
     *
     * @param distribution the distribution
     * @return this builder
     */
    public B distribution(Distribution distribution) {
      this.distribution = Objects.requireNonNull(distribution, "distribution");
      this.hashAlgorithm = null;
      return (B) this;
    }

    /**
     * A {@code LIBMEMCACHED_*} distribution with the hash your pylibmc clients set in {@code
     * behaviors={"hash": ...}}; {@link IllegalArgumentException} for a distribution with a fixed
     * hash.
     *
     * @param distribution a {@code LIBMEMCACHED_*} distribution
     * @param hash the key hash
     * @return this builder
     */
    public B distribution(Distribution distribution, HashAlgorithm hash) {
      if (!distribution.takesHashAlgorithm())
        throw new IllegalArgumentException(distribution + " has a fixed hash, not " + hash);
      this.hashAlgorithm = Objects.requireNonNull(hash, "hash");
      this.distribution = distribution;
      return (B) this;
    }

    /**
     * Connects with TLS (memcached {@code -Z}), trusting the certificates {@code context} trusts;
     * works with every protocol. The server's certificate must name the host of its address (see
     * {@link #tlsHostnameVerification}). Default: plain TCP.
     *
     * @param context the TLS context
     * @return this builder
     */
    public B tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "tls");
      return (B) this;
    }

    /**
     * Whether TLS checks that the certificate names the server's host; default true. {@code false}
     * is unsafe: any certificate the context trusts is accepted for any server, so a machine
     * holding one such certificate can pose as your cache. Use it only for tests.
     *
     * @param verify {@code false} to accept any trusted certificate for any server
     * @return this builder
     */
    public B tlsHostnameVerification(boolean verify) {
      this.tlsHostnameVerification = verify;
      return (B) this;
    }

    /**
     * Authenticates every connection with SASL PLAIN (memcached {@code -S}); needs {@link
     * Protocol#BINARY}. Send the password over TLS or a trusted network: PLAIN does not hide it. A
     * refused login fails requests with {@link MemcacheAuthenticationException}. Default: none.
     *
     * @param username the SASL user name
     * @param password the SASL password
     * @return this builder
     */
    public B sasl(String username, String password) {
      this.saslUsername = Objects.requireNonNull(username, "username");
      this.saslPassword = Objects.requireNonNull(password, "password");
      return (B) this;
    }

    /**
     * Adds a listener for the client's events: finished requests, connections opened, broken and
     * hung, servers marked down and up (see {@link MemcacheListener}). Listeners added are told in
     * the order added. Default: none, and then the client does no work for events.
     *
     * @param listener the listener
     * @return this builder
     */
    public B listener(MemcacheListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return (B) this;
    }

    /**
     * The immutable settings.
     *
     * @return the settings
     * @throws IllegalArgumentException when the settings do not fit together (no servers, SASL
     *     without the binary protocol, ...)
     */
    public ClientConfig buildConfig() {
      return new ClientConfig(this);
    }

    /** Longest timeout or delay: what fits an {@code int} of milliseconds (socket timeouts). */
    private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero())
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      if (d.compareTo(MAX_TIMEOUT) > 0)
        throw new IllegalArgumentException(
            name + " must be at most " + MAX_TIMEOUT + " (2^31-1 ms), was " + d);
      return d;
    }
  }
}
