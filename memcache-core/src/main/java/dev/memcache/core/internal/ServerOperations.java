package dev.memcache.core.internal;

import dev.memcache.core.Protocol;
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.Flush;
import dev.memcache.core.internal.protocol.Stats;
import dev.memcache.core.internal.protocol.Verbosity;
import dev.memcache.core.internal.protocol.Version;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The commands sent to every server (flush, stats, version, verbosity): one request per server,
 * combined into a map by server name. Under MISS a server that could not be reached is left out of
 * the map (no entry pretends it answered); REDISTRIBUTE has no other server to ask for a server's
 * own reply, so there an outage fails the call as under FAIL_FAST.
 */
final class ServerOperations {
  /** A server's part: true once it answered (false only for an outage under MISS). */
  private static final Function<Request<Boolean>, Boolean> ANSWERED = r -> Boolean.TRUE;

  private final Operations ops;
  private final Cluster cluster;
  private final Protocol protocol;

  ServerOperations(Operations ops) {
    this.ops = ops;
    this.cluster = ops.cluster();
    this.protocol = cluster.config().protocol();
  }

  /**
   * Flushes every server after {@code delay} (sent like a TTL: over 30 days as an absolute time);
   * true when every server confirmed, false under MISS when some server could not be reached.
   */
  Call<Boolean> flushAll(Duration delay) {
    int exptime = Expiry.of(delay, "flush delay");
    int servers = cluster.nodes().length;
    return perServer(
        deadline -> new Flush<>(exptime, deadline, ANSWERED), r -> null, m -> m.size() == servers);
  }

  /** Every server's statistics of {@code group} (null for the general ones), by server name. */
  Call<Map<String, Map<String, String>>> stats(String group) {
    if (group != null && (group.isBlank() || group.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
      throw new IllegalArgumentException("bad stats group '" + group + "'");
    }
    return perServer(deadline -> new Stats<>(group, deadline, ANSWERED), Stats::entries, m -> m);
  }

  /** Every server's version, by server name. */
  Call<Map<String, String>> version() {
    return perServer(deadline -> new Version<>(deadline, ANSWERED), Version::version, m -> m);
  }

  /** Sets every server's verbosity; not in the binary protocol. */
  Call<Void> verbosity(int level) {
    if (level < 0) throw new IllegalArgumentException("verbosity must not be negative: " + level);
    if (protocol == Protocol.BINARY) {
      // memcached 1.6 answers "unknown command" and then misreads the rest of the connection
      throw new UnsupportedOperationException(
          "memcached does not implement verbosity in the binary protocol; use TEXT or META");
    }
    return perServer(deadline -> new Verbosity<>(level, deadline, ANSWERED), r -> null, m -> null);
  }

  /**
   * One request per server, made by {@code request} for a deadline; {@code each} reads a server's
   * reply, {@code finish} combines the map of them.
   */
  private <R extends Request<Boolean>, V, T> Call<T> perServer(
      LongFunction<R> request, Function<R, V> each, Function<Map<String, V>, T> finish) {
    cluster.checkOpen();
    Node[] nodes = cluster.nodes();
    @SuppressWarnings("unchecked")
    R[] parts = (R[]) new Request<?>[nodes.length];
    Call<?>[] calls = new Call<?>[nodes.length];
    long deadline = ops.deadline();
    for (int i = 0; i < nodes.length; i++) {
      parts[i] = request.apply(deadline);
      calls[i] = ops.sendTo(nodes[i], parts[i], Boolean.FALSE);
    }
    return new FanOut<>(
        calls,
        () -> {
          Map<String, V> result = new LinkedHashMap<>();
          for (int i = 0; i < parts.length; i++) {
            if (parts[i].result() == Boolean.FALSE) continue; // MISS: the server did not answer
            result.put(nodes[i].name(), each.apply(parts[i]));
          }
          return finish.apply(result);
        });
  }
}
