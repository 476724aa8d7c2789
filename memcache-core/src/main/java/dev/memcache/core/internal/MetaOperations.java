package dev.memcache.core.internal;

import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.Delete;
import dev.memcache.core.internal.protocol.MetaGet;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The commands only the meta protocol has (stale-while-revalidate, invalidate), and counters with
 * an initial value (meta and binary). Their requests take {@link Operations}' one request path, so
 * the closed check, key handling, failure policy and routing are the classic commands' own. Each
 * throws {@link UnsupportedOperationException} for a protocol without it.
 */
public final class MetaOperations {
  private final Operations path;
  private final Protocol protocol;
  private final Function<MetaGet<MetaValue<Object>>, MetaValue<Object>> metaValue;

  public MetaOperations(Cluster cluster) {
    this(cluster, cluster.config().valueCodec());
  }

  /**
   * @param codec decodes values read by these commands (a client view may use its own)
   */
  public MetaOperations(Cluster cluster, ValueCodec codec) {
    Objects.requireNonNull(codec, "codec");
    this.path = new Operations(cluster, codec);
    this.protocol = cluster.config().protocol();
    this.metaValue =
        r -> {
          boolean won = r.won(), stale = r.stale(), chosen = r.winnerChosen();
          // A vivified placeholder is empty with flags 0, neither stale nor plain (W or Z set).
          boolean present =
              r.isHit() && (stale || !(won || chosen) || r.flags() != 0 || r.value().length > 0);
          Object value = present ? codec.decode(r.userKey(), r.flags(), r.value()) : null;
          return new MetaValue<>(value, present, r.cas(), won, stale, chosen);
        };
  }

  /**
   * {@code mg key v f c N<vivify> [R<recacheBefore>]}: the value, flagged for revalidation. A
   * missing key is created empty for {@code vivify} (the first caller wins); with {@code
   * recacheBefore}, the first caller to see less TTL left than that wins too.
   */
  public Call<MetaValue<Object>> get(String key, Duration vivify, Duration recacheBefore) {
    requireMeta("get with vivify/recache");
    String k = path.key(key);
    int exptime = Expiry.of(vivify);
    if (exptime == 0)
      throw new IllegalArgumentException("vivify time must be positive: a placeholder must expire");
    int recache = recacheBefore == null ? 0 : Expiry.of(recacheBefore);
    return send(new MetaGet<>(k, key, exptime, recache, path.deadline(), metaValue));
  }

  /**
   * {@code md key I T<staleTtl>}: marks the item stale (served as such, one caller wins a
   * recompute); false when absent.
   */
  public Call<Boolean> invalidate(String key, Duration staleTtl) {
    requireMeta("invalidate");
    String k = path.key(key);
    int ttl = Expiry.of(staleTtl);
    return send(
        new Delete<>(Command.INVALIDATE, k, 0, ttl, false, path.deadline(), Operations.DELETED));
  }

  /** Deletes the item only while its cas id is still {@code cas}; false otherwise. */
  public Call<Boolean> deleteIfUnchanged(String key, long cas) {
    requireMeta("delete with cas");
    return send(
        new Delete<>(
            Command.DELETE, path.key(key), cas, 0, false, path.deadline(), Operations.DELETED));
  }

  /**
   * incr or decr by {@code delta}; a missing counter is created holding {@code initial} (which is
   * returned) and expiring after {@code ttl}. Meta ({@code ma N J}) and binary only. Both numbers
   * are unsigned 64-bit on the server: negative ones are refused before sending.
   */
  public Call<Long> counter(Command command, String key, long delta, long initial, Duration ttl) {
    if (protocol == Protocol.TEXT) {
      throw new UnsupportedOperationException(
          "counters with an initial value need Protocol.META or BINARY, not TEXT");
    }
    return send(path.counterRequest(command, key, delta, initial, ttl));
  }

  private void requireMeta(String what) {
    if (protocol != Protocol.META) {
      throw new UnsupportedOperationException(
          what + " needs Protocol.META; this client speaks " + protocol);
    }
  }

  private <T> Call<T> send(Request<T> r) {
    return path.send(r);
  }
}
