package dev.memcache.java.internal;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.CasValue;
import dev.memcache.core.ClientConfig;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.internal.ClientCore;
import dev.memcache.core.internal.Cluster;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.MetaOperations;
import dev.memcache.core.internal.Operations;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
import dev.memcache.java.MetaCommands;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The blocking client: each method builds its call through {@link Operations} and parks until it is
 * done. A client made by {@link #withValueCodec} is a view: it shares the cluster and does not own
 * it.
 */
public final class RealMemcacheClient implements MemcacheClient, ClientCore {
  private final ClientConfig config;
  private final Cluster cluster;
  private final boolean ownsCluster;
  private final Operations ops;
  private final RealAsyncClient async;
  private final NoReply noReply;
  private final MetaCommands meta;

  public RealMemcacheClient(ClientConfig config) {
    this(new Cluster(config), config, true);
  }

  /**
   * @param config the cluster's settings, or a copy with another value codec for a view
   */
  private RealMemcacheClient(Cluster cluster, ClientConfig config, boolean ownsCluster) {
    this.config = config;
    this.cluster = cluster;
    this.ownsCluster = ownsCluster;
    ValueCodec codec = config.valueCodec();
    this.ops = new Operations(cluster, codec);
    this.async = new RealAsyncClient(this, ops);
    this.noReply = new RealNoReply(ops);
    this.meta = new RealMetaCommands(ops, new MetaOperations(cluster, codec));
  }

  /** The core this client runs on (shared by a Kotlin client made from it). */
  @Override
  public Cluster cluster() {
    return cluster;
  }

  @Override
  public Object get(String key) {
    return ops.get(key).await();
  }

  @Override
  public <T> T get(String key, Class<T> type) {
    return ops.get(key, type).await();
  }

  @Override
  public CacheEntry<Object> getEntry(String key) {
    return getEntry(key, Object.class);
  }

  @Override
  public <T> CacheEntry<T> getEntry(String key, Class<T> type) {
    return ops.getEntry(key, type).await();
  }

  @Override
  public Map<String, Object> getMulti(Collection<String> keys) {
    return ops.getMulti(keys).await();
  }

  @Override
  public <T> Map<String, T> getMulti(Collection<String> keys, Class<T> type) {
    return ops.getMulti(keys, type).await();
  }

  @Override
  public CasValue<Object> gets(String key) {
    return ops.gets(key).await();
  }

  @Override
  public Object getAndTouch(String key, Duration ttl) {
    return ops.getAndTouch(key, ttl).await();
  }

  @Override
  public CasValue<Object> getsAndTouch(String key, Duration ttl) {
    return ops.getsAndTouch(key, ttl).await();
  }

  @Override
  public boolean set(String key, Object value) {
    return set(key, value, Duration.ZERO);
  }

  @Override
  public boolean set(String key, Object value, Duration ttl) {
    return ops.store(Command.SET, key, value, ttl, false).await();
  }

  @Override
  public boolean add(String key, Object value, Duration ttl) {
    return ops.store(Command.ADD, key, value, ttl, false).await();
  }

  @Override
  public boolean replace(String key, Object value, Duration ttl) {
    return ops.store(Command.REPLACE, key, value, ttl, false).await();
  }

  @Override
  public boolean append(String key, Object value) {
    return ops.store(Command.APPEND, key, value, Duration.ZERO, false).await();
  }

  @Override
  public boolean prepend(String key, Object value) {
    return ops.store(Command.PREPEND, key, value, Duration.ZERO, false).await();
  }

  @Override
  public boolean cas(String key, Object value, long cas, Duration ttl) {
    return ops.cas(key, value, cas, ttl).await();
  }

  @Override
  public boolean delete(String key) {
    return ops.delete(key, false).await();
  }

  @Override
  public Long incr(String key, long delta) {
    return ops.counter(Command.INCR, key, delta, false).await();
  }

  @Override
  public Long decr(String key, long delta) {
    return ops.counter(Command.DECR, key, delta, false).await();
  }

  @Override
  public long incr(String key, long delta, long initial, Duration ttl) {
    return ops.counter(Command.INCR, key, delta, initial, ttl).await();
  }

  @Override
  public long decr(String key, long delta, long initial, Duration ttl) {
    return ops.counter(Command.DECR, key, delta, initial, ttl).await();
  }

  @Override
  public Map<String, Boolean> setMulti(Map<String, ?> values, Duration ttl) {
    return ops.setMulti(values, ttl, false).await();
  }

  @Override
  public Map<String, Boolean> deleteMulti(Collection<String> keys) {
    return ops.deleteMulti(keys, false).await();
  }

  @Override
  public boolean touch(String key, Duration ttl) {
    return ops.touch(key, ttl, false).await();
  }

  @Override
  public <T> T update(String key, Duration ttl, UnaryOperator<T> update) {
    return CasLoop.run(ops, key, ttl, update);
  }

  @Override
  public boolean flushAll() {
    return flushAll(Duration.ZERO);
  }

  @Override
  public boolean flushAll(Duration delay) {
    return ops.flushAll(delay).await();
  }

  @Override
  public Map<String, Map<String, String>> stats() {
    return ops.stats(null).await();
  }

  @Override
  public Map<String, Map<String, String>> stats(String group) {
    return ops.stats(group).await();
  }

  @Override
  public Map<String, String> version() {
    return ops.version().await();
  }

  @Override
  public void verbosity(int level) {
    ops.verbosity(level).await();
  }

  @Override
  public NoReply noReply() {
    return noReply;
  }

  @Override
  public MetaCommands meta() {
    if (config.protocol() != Protocol.META) {
      throw new UnsupportedOperationException(
          "meta commands need a client built with protocol(Protocol.META); this one speaks "
              + config.protocol());
    }
    return meta;
  }

  @Override
  public MemcacheAsyncClient async() {
    return async;
  }

  @Override
  public JsonCommands json() {
    return JsonSupport.view(this);
  }

  @Override
  public MemcacheClient withValueCodec(ValueCodec codec) {
    Objects.requireNonNull(codec, "codec");
    return new RealMemcacheClient(
        cluster, config.toBuilder().valueCodec(codec).buildConfig(), false);
  }

  @Override
  public ClientConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (ownsCluster) cluster.close();
  }

  @Override
  public String toString() {
    return "MemcacheClient" + config.servers();
  }
}
