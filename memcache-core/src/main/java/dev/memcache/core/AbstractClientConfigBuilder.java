package dev.memcache.core;

import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.internal.config.ConfigDraft;
import dev.memcache.core.internal.config.ConfigRules;
import dev.memcache.core.keys.KeyFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The setters of {@link ClientConfig.Builder}, which is the type to use: this class only keeps the
 * setters in a file of their own. Every setting starts at the {@code DEFAULT_*} constant of {@link
 * ClientConfig} named on its setter; a bad value throws {@link IllegalArgumentException} from the
 * setter, settings that must fit together are checked by {@code buildConfig()}.
 *
 * @param <B> the builder type of the facade, returned by every setter
 */
@SuppressWarnings("unchecked")
public abstract class AbstractClientConfigBuilder<B extends AbstractClientConfigBuilder<B>> {
  /** The settings so far, defaults included; read by {@link ClientConfig.Builder}. */
  final ConfigDraft draft = new ConfigDraft();

  /** Only {@link ClientConfig.Builder} extends it. */
  AbstractClientConfigBuilder() {}

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
    draft.servers.clear();
    draft.servers.addAll(parsed);
    return (B) this;
  }

  /**
   * Adds one server with a routing weight, as python-memcached's {@code ("host:port", weight)}
   * server tuples give it; the address takes every form {@link ServerAddress#parse(String)} reads.
   *
   * @param hostPort the server, for example {@code "10.0.0.5:11211"}
   * @param weight the routing weight, at least 1
   * @return this builder
   * @throws IllegalArgumentException when {@code hostPort} is not a server address, carries another
   *     weight, or the weight is below 1
   */
  public B server(String hostPort, int weight) {
    draft.servers.add(ServerAddress.parse(hostPort, weight));
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
    draft.servers.add(new ServerAddress(host, port, weight));
    return (B) this;
  }

  /**
   * The wire protocol; default {@link ClientConfig#DEFAULT_PROTOCOL}.
   *
   * @param protocol the protocol
   * @return this builder
   */
  public B protocol(Protocol protocol) {
    draft.protocol = Objects.requireNonNull(protocol, "protocol");
    return (B) this;
  }

  /**
   * How long a caller waits for a reply before it gets {@link MemcacheTimeoutException}; default
   * {@link ClientConfig#DEFAULT_OPERATION_TIMEOUT}.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B operationTimeout(Duration timeout) {
    draft.operationTimeout = ConfigRules.positive(timeout, "operationTimeout");
    return (B) this;
  }

  /**
   * How long opening a connection may take; default {@link ClientConfig#DEFAULT_CONNECT_TIMEOUT}.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    draft.connectTimeout = ConfigRules.positive(timeout, "connectTimeout");
    return (B) this;
  }

  /**
   * When the oldest request on a connection has waited this long, the server is taken as hung: the
   * connection is closed, its requests fail and it is re-opened. Default: derived from the
   * operation timeout, see {@link ClientConfig#hangTimeout()}.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B hangTimeout(Duration timeout) {
    draft.hangTimeout = ConfigRules.positive(timeout, "hangTimeout");
    return (B) this;
  }

  /**
   * What requests do while their server is down; default {@link
   * ClientConfig#DEFAULT_FAILURE_POLICY}.
   *
   * @param policy the policy
   * @return this builder
   */
  public B failurePolicy(FailurePolicy policy) {
    draft.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
    return (B) this;
  }

  /**
   * Consecutive failures (connect failures, broken connections) that mark a server down; default
   * {@link ClientConfig#DEFAULT_FAILURE_LIMIT}. A down server gets no requests until a background
   * probe finds it answering again.
   *
   * @param n the number of failures, at least 1
   * @return this builder
   */
  public B failureLimit(int n) {
    if (n < 1) throw new IllegalArgumentException("failureLimit must be at least 1, was " + n);
    draft.failureLimit = n;
    return (B) this;
  }

  /**
   * Under {@link FailurePolicy#REDISTRIBUTE}, the longest expiration of a write (set, add, replace,
   * cas, touch, counter creation) sent to a fallback server because the key's owner is down: a
   * longer or endless TTL is cut to this. Default {@link ClientConfig#DEFAULT_FAILOVER_TTL},
   * mcrouter's {@code failover_exptime} default: long enough that a fallback serves a hot key
   * through a short outage without recomputing it every few seconds, short enough that a copy
   * written during one outage is gone before a later outage could serve it again, although the
   * owner got newer values in between. Lower it when stale reads cost more than misses.
   *
   * @param ttl the cap, from 1 s to 30 days (fractions of a second round up)
   * @return this builder
   * @throws IllegalArgumentException when {@code ttl} is not between 1 s and 30 days
   */
  public B failoverTtl(Duration ttl) {
    draft.failoverTtl = ConfigRules.failoverTtl(ttl);
    return (B) this;
  }

  /**
   * How often a down server is probed in the background; default {@link
   * ClientConfig#DEFAULT_RETRY_DELAY}.
   *
   * @param delay a positive duration
   * @return this builder
   */
  public B retryDelay(Duration delay) {
    draft.retryDelay = ConfigRules.positive(delay, "retryDelay");
    return (B) this;
  }

  /**
   * Connections to each server; default {@link ClientConfig#DEFAULT_CONNECTIONS_PER_SERVER} (one is
   * enough for most loads: requests are pipelined).
   *
   * @param n the number of connections, 1 to 64
   * @return this builder
   */
  public B connectionsPerServer(int n) {
    if (n < 1 || n > 64)
      throw new IllegalArgumentException("connectionsPerServer must be 1..64, was " + n);
    draft.connectionsPerServer = n;
    return (B) this;
  }

  /**
   * Requests in flight per connection before callers wait (backpressure); default {@link
   * ClientConfig#DEFAULT_MAX_IN_FLIGHT}.
   *
   * @param n the limit, at least 1
   * @return this builder
   */
  public B maxInFlight(int n) {
    if (n < 1) throw new IllegalArgumentException("maxInFlight must be positive, was " + n);
    draft.maxInFlight = n;
    return (B) this;
  }

  /**
   * How many gets/cas rounds {@code update} (and the JSON and Kotlin forms of it) makes before it
   * gives up with {@link MemcacheCasConflictException}; default {@link
   * ClientConfig#DEFAULT_UPDATE_ATTEMPTS}. Each round reads the value, runs the caller's function
   * and tries to store its result; a round is lost when another writer changed (or created) the
   * item in between. Raise it for keys many writers update at once, lower it to fail fast. One
   * setting for the client, rather than an argument on each {@code update}, because the right bound
   * depends on how contended the cache's keys are, not on the call site.
   *
   * @param n the limit, at least 1
   * @return this builder
   * @throws IllegalArgumentException when {@code n} is less than 1
   */
  public B updateAttempts(int n) {
    if (n < 1) throw new IllegalArgumentException("updateAttempts must be at least 1, was " + n);
    draft.updateAttempts = n;
    return (B) this;
  }

  /**
   * A namespace put before every key (and counted in its 250-byte limit); default none.
   *
   * @param prefix the prefix; empty for none
   * @return this builder
   */
  public B keyPrefix(String prefix) {
    draft.keyPrefix = Objects.requireNonNull(prefix, "keyPrefix");
    return (B) this;
  }

  /**
   * A framework's key scheme: every key a caller names goes through {@code keys} before it is
   * routed, validated and sent (with the {@link #keyPrefix} before it), and results are keyed by
   * the caller's keys. For example {@code keys(DjangoKeys.of("shop", 1))} stores {@code "cart"} as
   * {@code "shop:1:cart"}, as Django's cache does. Unlike the key prefix, what the function adds is
   * hashed with the key by every distribution. Default {@link KeyFunction#identity()}.
   *
   * @param keys the key function
   * @return this builder
   */
  public B keys(KeyFunction keys) {
    draft.keyFunction = Objects.requireNonNull(keys, "keys");
    return (B) this;
  }

  /**
   * Largest encoded value sent; bigger ones fail before sending. Match the server's {@code -I};
   * default {@link ClientConfig#DEFAULT_MAX_VALUE_SIZE}.
   *
   * @param bytes the size in bytes
   * @return this builder
   */
  public B maxValueSize(int bytes) {
    if (bytes < 1)
      throw new IllegalArgumentException("maxValueSize must be positive, was " + bytes);
    draft.maxValueSize = bytes;
    return (B) this;
  }

  /**
   * How values become bytes and flags; default {@link ClientConfig#DEFAULT_VALUE_CODEC} (the Python
   * clients' flags).
   *
   * @param codec the codec
   * @return this builder
   */
  public B valueCodec(ValueCodec codec) {
    draft.valueCodec = Objects.requireNonNull(codec, "valueCodec");
    return (B) this;
  }

  /**
   * How keys are spread over several servers: name the client your other services use, and list the
   * servers in the same order as they do, so both place every key on the same server. The {@code
   * LIBMEMCACHED_*} values use their default hash (one-at-a-time; MD5 for weighted ketama).
   *
   * <p>Default {@link ClientConfig#DEFAULT_DISTRIBUTION}: pymemcache's {@code HashClient}, the
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
    draft.distribution = Objects.requireNonNull(distribution, "distribution");
    draft.hashAlgorithm = null;
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
    draft.hashAlgorithm = Objects.requireNonNull(hash, "hash");
    draft.distribution = distribution;
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
    draft.tls = Objects.requireNonNull(context, "tls");
    return (B) this;
  }

  /**
   * Whether TLS checks that the certificate names the server's host; default {@link
   * ClientConfig#DEFAULT_TLS_HOSTNAME_VERIFICATION}. {@code false} is unsafe: any certificate the
   * context trusts is accepted for any server, so a machine holding one such certificate can pose
   * as your cache. Use it only for tests.
   *
   * @param verify {@code false} to accept any trusted certificate for any server
   * @return this builder
   */
  public B tlsHostnameVerification(boolean verify) {
    draft.tlsHostnameVerification = verify;
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
    draft.saslUsername = Objects.requireNonNull(username, "username");
    draft.saslPassword = Objects.requireNonNull(password, "password");
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
    draft.listeners.add(Objects.requireNonNull(listener, "listener"));
    return (B) this;
  }
}
