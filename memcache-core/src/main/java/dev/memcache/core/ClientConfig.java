package dev.memcache.core;

import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.internal.config.ConfigRules;
import dev.memcache.core.internal.config.ConfigValues;
import dev.memcache.core.keys.KeyFunction;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Immutable client settings, shared by the Java and Kotlin clients: a value, equal to another
 * configuration with the same settings. Build one with {@link #builder()}, derive one from another
 * with {@link #toBuilder()}. Each default is a {@code DEFAULT_*} constant below, documented with
 * its reason.
 *
 * <p>Two settings default to a value derived from others: {@link #hangTimeout()} from the operation
 * timeout and {@link #hashAlgorithm()} from the distribution. Unless set explicitly they are kept
 * unset and derived when read, so a copy made with {@code toBuilder().operationTimeout(...)} moves
 * its hang timeout along. Equality compares settings as set: a hang timeout set to the value it
 * would derive to is a different setting (they part ways when the operation timeout changes).
 * {@link #toString()} prints neither the SASL password nor anything of the TLS context.
 */
public final class ClientConfig {

  /** Default {@link #protocol()}: the text protocol, which every memcached and proxy speaks. */
  public static final Protocol DEFAULT_PROTOCOL = Protocol.TEXT;

  /**
   * Default {@link #operationTimeout()}: 1 s. A cache answers in well under a millisecond on a
   * local network; a second covers a loaded server or a lost packet's retransmission while still
   * failing a caller before a typical request deadline.
   */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(1);

  /** Default {@link #connectTimeout()}: 1 s, long enough for a TCP (and TLS) handshake. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The derived {@link #hangTimeout()} is this many operation timeouts: 3, so that a server is
   * taken as hung only after its oldest request waited well past its own timeout, never for one
   * slow reply.
   */
  public static final int DEFAULT_HANG_TIMEOUT_MULTIPLIER = 3;

  /**
   * The derived {@link #hangTimeout()} is at least this: 1 s, so that short operation timeouts do
   * not close connections over a garbage-collection pause.
   */
  public static final Duration DEFAULT_HANG_TIMEOUT_MINIMUM = Duration.ofSeconds(1);

  /** Default {@link #failurePolicy()}: fail fast, so an outage is seen rather than hidden. */
  public static final FailurePolicy DEFAULT_FAILURE_POLICY = FailurePolicy.FAIL_FAST;

  /**
   * Default {@link #failoverTtl()}: 60 s, mcrouter's {@code failover_exptime} default; see {@link
   * Builder#failoverTtl(Duration)} for the trade-off.
   */
  public static final Duration DEFAULT_FAILOVER_TTL = Duration.ofSeconds(60);

  /**
   * Default {@link #failureLimit()}: 2 consecutive failures, so one reset connection does not take
   * a server out of service.
   */
  public static final int DEFAULT_FAILURE_LIMIT = 2;

  /** Default {@link #retryDelay()}: a down server is probed every second. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

  /**
   * Default {@link #connectionsPerServer()}: 1, enough for most loads because requests are
   * pipelined and their writes batched.
   */
  public static final int DEFAULT_CONNECTIONS_PER_SERVER = 1;

  /**
   * Default {@link #maxInFlight()}: 4096 requests per connection before callers wait, far above
   * what one connection's pipelining needs, low enough to bound memory when a server stalls.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4096;

  /**
   * Default {@link #updateAttempts()}: 64 gets/cas rounds, enough for a key a few writers update at
   * once, bounded so a hot key cannot spin a caller forever.
   */
  public static final int DEFAULT_UPDATE_ATTEMPTS = 64;

  /** Default {@link #maxValueSize()}: 1 MiB, memcached's default item size limit ({@code -I}). */
  public static final int DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

  /**
   * Default {@link #valueCodec()}: {@link PythonValueCodec#DEFAULT}, whose flags python-memcached,
   * pylibmc and pymemcache read.
   */
  public static final ValueCodec DEFAULT_VALUE_CODEC = PythonValueCodec.DEFAULT;

  /**
   * Default {@link #distribution()}: pymemcache's {@code HashClient} (behind Django's {@code
   * PyMemcacheCache}); see {@link Builder#distribution(Distribution)} for why.
   */
  public static final Distribution DEFAULT_DISTRIBUTION = Distribution.PYMEMCACHE_RENDEZVOUS;

  /**
   * Default {@link #tlsHostnameVerification()}: on, since without it any certificate the context
   * trusts is accepted for any server.
   */
  public static final boolean DEFAULT_TLS_HOSTNAME_VERIFICATION = true;

  private final ConfigValues values;
  private final MemcacheListener listener;

  private ClientConfig(ConfigValues values) {
    this.values = ConfigRules.checkTogether(values);
    this.listener = values.listeners().isEmpty() ? null : MemcacheListener.of(values.listeners());
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
   * A builder holding these settings. Derived defaults (the hang timeout, the hash) that were not
   * set explicitly stay unset, so they derive again from the copy's settings: {@code
   * toBuilder().operationTimeout(...)} moves a derived hang timeout along.
   *
   * @return a new builder with every setting of this configuration
   */
  public Builder<?> toBuilder() {
    return new Builder<>().copyFrom(this);
  }

  /** {@return the servers, in the order given} */
  public List<ServerAddress> servers() {
    return values.servers();
  }

  /** {@return the wire protocol; default {@link #DEFAULT_PROTOCOL}} */
  public Protocol protocol() {
    return values.protocol();
  }

  /** {@return how long a caller waits for a reply; default {@link #DEFAULT_OPERATION_TIMEOUT}} */
  public Duration operationTimeout() {
    return values.operationTimeout();
  }

  /** {@return how long opening a connection may take; default {@link #DEFAULT_CONNECT_TIMEOUT}} */
  public Duration connectTimeout() {
    return values.connectTimeout();
  }

  /**
   * How long the oldest request on a connection may wait before the server is taken as hung. Unless
   * set, derived when read: {@link #DEFAULT_HANG_TIMEOUT_MULTIPLIER} x {@link #operationTimeout()},
   * at least {@link #DEFAULT_HANG_TIMEOUT_MINIMUM}.
   *
   * @return the timeout
   */
  public Duration hangTimeout() {
    Duration set = values.hangTimeout();
    return set != null ? set : ConfigRules.derivedHangTimeout(values.operationTimeout());
  }

  /**
   * {@return what requests do while their server is down; default {@link #DEFAULT_FAILURE_POLICY}}
   */
  public FailurePolicy failurePolicy() {
    return values.failurePolicy();
  }

  /**
   * The longest expiration of a write sent to a fallback server under {@link
   * FailurePolicy#REDISTRIBUTE}; see {@link Builder#failoverTtl(Duration)}.
   *
   * @return the cap, at least 1 s and at most 30 days; default {@link #DEFAULT_FAILOVER_TTL}
   */
  public Duration failoverTtl() {
    return values.failoverTtl();
  }

  /**
   * {@return consecutive failures that mark a server down; default {@link #DEFAULT_FAILURE_LIMIT}}
   */
  public int failureLimit() {
    return values.failureLimit();
  }

  /** {@return how often a down server is probed; default {@link #DEFAULT_RETRY_DELAY}} */
  public Duration retryDelay() {
    return values.retryDelay();
  }

  /** {@return connections to each server; default {@link #DEFAULT_CONNECTIONS_PER_SERVER}} */
  public int connectionsPerServer() {
    return values.connectionsPerServer();
  }

  /**
   * {@return requests in flight per connection before callers wait; default {@link
   * #DEFAULT_MAX_IN_FLIGHT}}
   */
  public int maxInFlight() {
    return values.maxInFlight();
  }

  /**
   * How many gets/cas rounds {@code update} makes before it throws {@link
   * MemcacheCasConflictException}.
   *
   * @return the limit, at least 1; default {@link #DEFAULT_UPDATE_ATTEMPTS}
   */
  public int updateAttempts() {
    return values.updateAttempts();
  }

  /** {@return the namespace put before every key; empty (the default) for none} */
  public String keyPrefix() {
    return values.keyPrefix();
  }

  /**
   * How callers' keys become stored keys; see {@link Builder#keys(KeyFunction)}.
   *
   * @return the key function, {@link KeyFunction#identity()} unless one was set
   */
  public KeyFunction keyFunction() {
    return values.keyFunction();
  }

  /**
   * Largest value sent or read: a bigger one fails before sending, and a reply declaring a bigger
   * one is a protocol error that closes the connection before anything is allocated. Match the
   * server's {@code -I}.
   *
   * @return the size in bytes; default {@link #DEFAULT_MAX_VALUE_SIZE}
   */
  public int maxValueSize() {
    return values.maxValueSize();
  }

  /** {@return how values become bytes and flags; default {@link #DEFAULT_VALUE_CODEC}} */
  public ValueCodec valueCodec() {
    return values.valueCodec();
  }

  /**
   * How keys are spread over the servers; see {@link Builder#distribution(Distribution)}.
   *
   * @return the distribution; default {@link #DEFAULT_DISTRIBUTION}
   */
  public Distribution distribution() {
    return values.distribution();
  }

  /**
   * The key hash of a {@code LIBMEMCACHED_*} distribution. Unless set, derived when read: the
   * distribution's {@link Distribution#defaultHash()}, which is {@code null} for the distributions
   * with a fixed hash.
   *
   * @return the hash, or {@code null}
   */
  public HashAlgorithm hashAlgorithm() {
    HashAlgorithm set = values.hashAlgorithm();
    return set != null ? set : values.distribution().defaultHash();
  }

  /** {@return the TLS context connections are wrapped with, or {@code null} for plain TCP} */
  public SSLContext tls() {
    return values.tls();
  }

  /**
   * Whether TLS checks that the server's certificate names the host connected to.
   *
   * @return {@code true} when the host name is checked; default {@link
   *     #DEFAULT_TLS_HOSTNAME_VERIFICATION}
   */
  public boolean tlsHostnameVerification() {
    return values.tlsHostnameVerification();
  }

  /** {@return the SASL user name, or {@code null} when connections do not authenticate} */
  public String saslUsername() {
    return values.saslUsername();
  }

  /** {@return the SASL password, or {@code null}} */
  public String saslPassword() {
    return values.saslPassword();
  }

  /**
   * What hears the client's events: the listeners added with {@link Builder#listener}, as one.
   *
   * @return the listener, or null when none was added (then the client makes no events)
   */
  public MemcacheListener listener() {
    return listener;
  }

  /**
   * Whether {@code o} is a configuration with the same settings, derived ones compared as set.
   *
   * @param o the other object
   * @return {@code true} when every setting is equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ClientConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /**
   * The settings, for logs: without the SASL password and with TLS shown as on or off only.
   *
   * @return the settings as text
   */
  @Override
  public String toString() {
    return "ClientConfig" + values;
  }

  /**
   * Settings for a client. Facades extend it so their {@code builder()} returns the same setters
   * and a {@code build()} of their own; the setters and their defaults are described on {@link
   * AbstractClientConfigBuilder}.
   *
   * @param <B> the builder type of the facade, returned by every setter
   */
  public static class Builder<B extends Builder<B>> extends AbstractClientConfigBuilder<B> {

    /** A builder with every default; facades extend it. */
    protected Builder() {}

    /**
     * Copies every setting of {@code config}; derived defaults that {@code config} did not set
     * explicitly stay derived (see {@link ClientConfig#toBuilder()}).
     *
     * @param config the settings to copy
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public B copyFrom(ClientConfig config) {
      draft.load(config.values);
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
      return new ClientConfig(draft.freeze());
    }
  }
}
