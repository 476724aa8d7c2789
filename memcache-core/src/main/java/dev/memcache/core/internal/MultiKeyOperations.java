package dev.memcache.core.internal;

import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.Delete;
import dev.memcache.core.internal.protocol.Item;
import dev.memcache.core.internal.protocol.MultiGet;
import dev.memcache.core.internal.protocol.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The commands of many keys ({@code getMulti}, {@code setMulti}, {@code deleteMulti}): the keys are
 * grouped per server, each server's share goes out at once, and a {@link FanOut} maps the results
 * back to keys. Their requests take {@link Operations}' request path (key handling, failure policy,
 * sending).
 */
final class MultiKeyOperations {
  /** Keys per text {@code get} line; bigger multi-gets are split. */
  static final int KEYS_PER_REQUEST = 100;

  private static final Function<MultiGet<Void>, Void> NOTHING = r -> null;

  private final Operations ops;
  private final Cluster cluster;
  private final Function<MultiGet<Map<String, Object>>, Map<String, Object>> found;

  MultiKeyOperations(Operations ops) {
    this.ops = ops;
    this.cluster = ops.cluster();
    this.found = r -> putFound(new LinkedHashMap<>(), r);
  }

  /** Asks every server owning some of {@code keys} at once; misses are absent from the map. */
  Call<Map<String, Object>> getMulti(Collection<String> keys) {
    cluster.checkOpen();
    if (cluster.nodes().length == 1 && !keys.isEmpty() && keys.size() <= KEYS_PER_REQUEST)
      return getMultiAtOnce(keys);
    Map<Node, List<String>> byNode = new LinkedHashMap<>();
    Map<String, String> wire = new HashMap<>();
    for (String key : new LinkedHashSet<>(keys)) {
      String k = ops.wireKey(key);
      wire.put(key, k);
      byNode.computeIfAbsent(cluster.nodeFor(k), n -> new ArrayList<>()).add(key);
    }
    List<MultiGet<Void>> parts = new ArrayList<>();
    List<Call<?>> calls = new ArrayList<>();
    long deadline = ops.deadline();
    for (Map.Entry<Node, List<String>> e : byNode.entrySet()) {
      List<String> nodeKeys = e.getValue();
      for (int from = 0; from < nodeKeys.size(); from += KEYS_PER_REQUEST) {
        String[] chunk =
            nodeKeys
                .subList(from, Math.min(nodeKeys.size(), from + KEYS_PER_REQUEST))
                .toArray(String[]::new);
        String[] chunkWire = new String[chunk.length];
        for (int i = 0; i < chunk.length; i++) chunkWire[i] = wire.get(chunk[i]);
        MultiGet<Void> r = new MultiGet<>(Command.MULTI_GET, chunkWire, chunk, deadline, NOTHING);
        parts.add(r);
        calls.add(ops.sendTo(e.getKey(), r, null));
      }
    }
    return new FanOut<>(
        calls.toArray(Call<?>[]::new),
        () -> {
          Map<String, Object> result = new LinkedHashMap<>();
          for (MultiGet<Void> part : parts) {
            part.result(); // throws the part's failure
            putFound(result, part);
          }
          return result;
        });
  }

  /**
   * The common case, one server and one request: no grouping and no fan-out, which cost as much
   * client CPU as the request itself. Duplicate keys are harmless: the map keeps one.
   */
  private Call<Map<String, Object>> getMultiAtOnce(Collection<String> keys) {
    String[] names = keys.toArray(String[]::new);
    String[] wire = new String[names.length];
    for (int i = 0; i < names.length; i++) wire[i] = ops.wireKey(names[i]);
    MultiGet<Map<String, Object>> r =
        new MultiGet<>(Command.MULTI_GET, wire, names, ops.deadline(), found);
    ops.underPolicy(r, ops.missOnOutage() ? new LinkedHashMap<>() : null);
    return cluster.send(r, cluster.nodes()[0]);
  }

  /** Decodes the hits of one multi-get request into {@code result}. */
  private Map<String, Object> putFound(Map<String, Object> result, MultiGet<?> r) {
    Item[] items = r.items();
    if (items == null) return result;
    for (int i = 0; i < items.length; i++) {
      if (items[i] != null) {
        String name = r.names[i];
        result.put(name, ops.decode(name, items[i].flags(), items[i].bytes()));
      }
    }
    return result;
  }

  /**
   * Sets every entry of {@code values} for {@code ttl}: each server's share is queued at once and
   * written in one batch, the servers in parallel, like {@link #getMulti}. Every key is validated
   * and every value encoded first, so bad input throws before anything is sent. The result maps
   * each key, in the map's order, to whether it was stored (false under MISS when its server could
   * not be reached); under FAIL_FAST and REDISTRIBUTE a failed server fails the call with its
   * exception once every server has answered, the others' keys being stored. With {@code noreply}
   * the call is done once queued and every result is false.
   */
  Call<Map<String, Boolean>> setMulti(Map<String, ?> values, Duration ttl, boolean noreply) {
    cluster.checkOpen();
    Objects.requireNonNull(values, "values");
    Expiry.of(ttl); // a bad TTL fails the call, even an empty one
    long deadline = ops.deadline();
    String[] keys = new String[values.size()];
    List<Request<Boolean>> parts = new ArrayList<>(keys.length);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      keys[parts.size()] = e.getKey();
      Store<Boolean> r =
          ops.storage(Command.SET, e.getKey(), e.getValue(), ttl, 0, noreply, deadline);
      ops.underPolicy(r, Boolean.FALSE);
      parts.add(r);
    }
    return sendAll(keys, parts);
  }

  /**
   * Deletes every key in {@code keys} (a key named twice is deleted once), pipelined per server
   * like {@link #setMulti}. The result maps each key to whether it was deleted (false when absent,
   * or under MISS when its server could not be reached); failures as for {@link #setMulti}.
   */
  Call<Map<String, Boolean>> deleteMulti(Collection<String> keys, boolean noreply) {
    cluster.checkOpen();
    Objects.requireNonNull(keys, "keys");
    long deadline = ops.deadline();
    String[] names = new LinkedHashSet<>(keys).toArray(String[]::new);
    List<Request<Boolean>> parts = new ArrayList<>(names.length);
    for (String key : names) {
      Delete<Boolean> r =
          new Delete<>(Command.DELETE, ops.key(key), 0, 0, noreply, deadline, Operations.DELETED);
      ops.underPolicy(r, Boolean.FALSE);
      parts.add(r);
    }
    return sendAll(names, parts);
  }

  /**
   * Sends each server its share of {@code parts} in one batch; the call maps {@code keys[i]} to the
   * outcome of {@code parts[i]}, throwing the first failure in key order.
   */
  private Call<Map<String, Boolean>> sendAll(String[] keys, List<Request<Boolean>> parts) {
    Node[] nodes = cluster.nodes();
    Call<?>[] all = new Call<?>[parts.size()];
    if (nodes.length == 1) {
      cluster.sendAll(nodes[0], parts).toArray(all);
    } else {
      Map<Node, List<Integer>> byNode = new LinkedHashMap<>(); // positions in parts, per server
      for (int i = 0; i < parts.size(); i++)
        byNode.computeIfAbsent(cluster.nodeFor(parts.get(i)), n -> new ArrayList<>()).add(i);
      byNode.forEach(
          (node, positions) -> {
            List<Request<?>> share = new ArrayList<>(positions.size());
            for (int i : positions) share.add(parts.get(i));
            List<Call<?>> calls = cluster.sendAll(node, share);
            for (int j = 0; j < calls.size(); j++) all[positions.get(j)] = calls.get(j);
          });
    }
    return new FanOut<>(
        all,
        () -> {
          Map<String, Boolean> result = LinkedHashMap.newLinkedHashMap(keys.length);
          for (int i = 0; i < keys.length; i++) result.put(keys[i], (Boolean) all[i].result());
          return result;
        });
  }
}
