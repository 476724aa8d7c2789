package dev.memcache.core.internal;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Command;
import dev.memcache.core.internal.connection.Request.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The commands only the meta protocol has (stale-while-revalidate, invalidate), and counters with
 * an initial value (meta and binary). Like {@link Operations}: validated before sending, awaited by
 * the facades. Each throws {@link UnsupportedOperationException} for a protocol without it.
 */
public final class MetaOperations {
  private static final int WIN = 1, STALE = 2, WINNER_CHOSEN = 4;

  private final Cluster cluster;
  private final ValueCodec codec;
  private final String prefix;
  private final Protocol protocol;
  private final long timeoutNanos;
  private final boolean mayBlock;
  private final Function<Request<MetaValue<Object>>, MetaValue<Object>> metaValue;

  public MetaOperations(Cluster cluster, boolean mayBlock) {
    this(cluster, cluster.config().valueCodec(), mayBlock);
  }

  /**
   * @param codec decodes values read by these commands (a client view may use its own)
   */
  public MetaOperations(Cluster cluster, ValueCodec codec, boolean mayBlock) {
    ClientConfig config = cluster.config();
    this.cluster = cluster;
    this.codec = Objects.requireNonNull(codec, "codec");
    this.prefix = config.keyPrefix();
    this.protocol = config.protocol();
    this.timeoutNanos = config.operationTimeout().toNanos();
    this.mayBlock = mayBlock;
    this.metaValue =
        r -> {
          int bits = r.extra instanceof Integer b ? b : 0;
          boolean won = (bits & WIN) != 0,
              stale = (bits & STALE) != 0,
              chosen = (bits & WINNER_CHOSEN) != 0;
          // A vivified placeholder is empty with flags 0, neither stale nor plain (W or Z set).
          boolean present =
              r.status == Status.HIT
                  && (stale || !(won || chosen) || r.valueFlags != 0 || r.valueBytes.length > 0);
          Object value = present ? codec.decode(r.userKey, r.valueFlags, r.valueBytes) : null;
          return new MetaValue<>(value, present, r.number, won, stale, chosen);
        };
  }

  /**
   * {@code mg key v f c N<vivify> [R<recacheBefore>]}: the value, flagged for revalidation. A
   * missing key is created empty for {@code vivify} (the first caller wins); with {@code
   * recacheBefore}, the first caller to see less TTL left than that wins too.
   */
  public Call<MetaValue<Object>> get(String key, Duration vivify, Duration recacheBefore) {
    requireMeta("get with vivify/recache");
    Request<MetaValue<Object>> r = request(Command.META_GET, key, metaValue);
    r.exptime = Expiry.of(vivify);
    if (r.exptime == 0)
      throw new IllegalArgumentException("vivify time must be positive: a placeholder must expire");
    r.recache = recacheBefore == null ? 0 : Expiry.of(recacheBefore);
    return send(r);
  }

  /**
   * {@code md key I T<staleTtl>}: marks the item stale (served as such, one caller wins a
   * recompute); false when absent.
   */
  public Call<Boolean> invalidate(String key, Duration staleTtl) {
    requireMeta("invalidate");
    Request<Boolean> r = request(Command.INVALIDATE, key, x -> x.status == Status.DELETED);
    r.exptime = Expiry.of(staleTtl);
    return send(r);
  }

  /** Deletes the item only while its cas id is still {@code cas}; false otherwise. */
  public Call<Boolean> deleteIfUnchanged(String key, long cas) {
    requireMeta("delete with cas");
    Request<Boolean> r = request(Command.DELETE, key, x -> x.status == Status.DELETED);
    r.cas = cas;
    return send(r);
  }

  /**
   * incr or decr by {@code delta}; a missing counter is created holding {@code initial} (which is
   * returned) and expiring after {@code ttl}. Meta ({@code ma N J}) and binary only.
   */
  public Call<Long> counter(Command command, String key, long delta, long initial, Duration ttl) {
    if (protocol == Protocol.TEXT) {
      throw new UnsupportedOperationException(
          "counters with an initial value need Protocol.META or BINARY, not TEXT");
    }
    if (command != Command.INCR && command != Command.DECR)
      throw new IllegalArgumentException(command + " is not a counter command");
    Request<Long> r = request(command, key, x -> x.status == Status.NUMBER ? x.number : null);
    r.delta = delta;
    r.initial = initial;
    r.create = true;
    r.exptime = Expiry.of(ttl);
    return send(r);
  }

  private void requireMeta(String what) {
    if (protocol != Protocol.META) {
      throw new UnsupportedOperationException(
          what + " needs Protocol.META; this client speaks " + protocol);
    }
  }

  private <T> Request<T> request(Command command, String key, Function<Request<T>, T> mapper) {
    byte[] k = Keys.encode(prefix, key, protocol);
    Request<T> r = new Request<>(command, k, null, System.nanoTime() + timeoutNanos, mapper);
    r.userKey = key;
    return r;
  }

  private <T> Call<T> send(Request<T> r) {
    cluster.send(r, cluster.nodeFor(r.key), mayBlock);
    return r;
  }
}
