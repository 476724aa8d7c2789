package dev.memcache.core.internal;

import dev.memcache.core.CacheEntry;
import dev.memcache.core.CasValue;
import dev.memcache.core.ClientConfig;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.MetaValue;
import dev.memcache.core.Protocol;
import dev.memcache.core.ValueTooLargeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.core.internal.connection.Item;
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.keys.KeyFunction;
import java.nio.charset.StandardCharsets;
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
 * Every command, defined once: validation, encoding, routing and the mapping of the reply to a
 * result. The Java blocking, Java future and Kotlin facades are thin layers that await the returned
 * {@link Call} in their own way. Bad input throws before anything is sent, and so does a closed
 * client ({@link IllegalStateException}).
 *
 * <p>{@link #request} and {@link #send} are the one request path (key handling, closed check,
 * failure policy, routing) for these commands and for {@link MetaOperations}. Under {@link
 * FailurePolicy#MISS} an outage (connection failure, timeout) is a miss: reads and counters return
 * null, writes false, meta gets an absent value the caller {@link MetaValue#won won} (compute it,
 * nobody holds a lease); the commands sent to every server (stats, version, flush) leave out the
 * servers that did not answer, and flush returns false then.
 */
public final class Operations {
  /** Keys per text {@code get} line; bigger multi-gets are split. */
  static final int KEYS_PER_REQUEST = 100;

  private final Cluster cluster;
  private final ValueCodec codec;
  private final String prefix;
  private final KeyFunction keyFunction;
  private final long timeoutNanos;
  private final int maxValueSize;
  private final boolean missOnOutage;
  private final Protocol protocol;

  private final Function<Request<Object>, Object> value;
  private final Function<Request<CasValue<Object>>, CasValue<Object>> casValue;
  private final Function<Request<CacheEntry<Object>>, CacheEntry<Object>> entry;
  private final int updateAttempts;
  private static final Function<Request<Boolean>, Boolean> STORED = r -> r.status == Status.STORED;
  private static final Function<Request<Boolean>, Boolean> DELETED =
      r -> r.status == Status.DELETED;
  private static final Function<Request<Boolean>, Boolean> TOUCHED =
      r -> r.status == Status.TOUCHED;
  private static final Function<Request<Long>, Long> NUMBER =
      r -> r.status == Status.NUMBER ? r.number : null;
  private static final Function<Request<Void>, Void> NOTHING = r -> null;
  private static final Function<Request<TextCounter.Step>, TextCounter.Step> STEP =
      r -> new TextCounter.Step(r.status, r.number);
  private static final Function<Request<Boolean>, Boolean> ANSWERED = r -> Boolean.TRUE;

  /** What a meta get returns for an outage under MISS: no value, and no lease held by anyone. */
  private static final MetaValue<Object> OUTAGE_META_VALUE =
      new MetaValue<>(null, false, 0, true, false, false);

  /**
   * Operations with the client's configured value codec; see {@link #Operations(Cluster,
   * ValueCodec)}.
   */
  public Operations(Cluster cluster) {
    this(cluster, cluster.config().valueCodec());
  }

  /**
   * @param codec encodes and decodes values for these operations (a client view may use another
   *     codec than the one configured, over the same connections)
   */
  public Operations(Cluster cluster, ValueCodec codec) {
    ClientConfig config = cluster.config();
    this.cluster = cluster;
    this.codec = Objects.requireNonNull(codec, "codec");
    this.prefix = config.keyPrefix();
    this.keyFunction = config.keyFunction();
    this.timeoutNanos = config.operationTimeout().toNanos();
    this.maxValueSize = config.maxValueSize();
    this.missOnOutage = config.failurePolicy() == FailurePolicy.MISS;
    this.protocol = config.protocol();
    this.value =
        r -> r.status == Status.HIT ? codec.decode(r.userKey, r.valueFlags, r.valueBytes) : null;
    this.entry =
        r ->
            r.status == Status.HIT
                ? new CacheEntry<>(codec.decode(r.userKey, r.valueFlags, r.valueBytes))
                : null;
    this.updateAttempts = config.updateAttempts();
    this.casValue =
        r ->
            r.status == Status.HIT
                ? new CasValue<>(codec.decode(r.userKey, r.valueFlags, r.valueBytes), r.number)
                : null;
  }

  public Cluster cluster() {
    return cluster;
  }

  // ---- reads

  public Call<Object> get(String key) {
    return send(request(Command.GET, key, value));
  }

  /** {@link #get} as {@code type}, by the rules of {@link ValueTypes}. */
  public <T> Call<T> get(String key, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return get(key).map(v -> ValueTypes.as(key, v, type));
  }

  /** A hit as an entry (whose value may be null), a miss as null; values as {@code type}. */
  public <T> Call<CacheEntry<T>> getEntry(String key, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return send(request(Command.GET, key, entry)).map(e -> ValueTypes.entry(key, e, type));
  }

  /** {@link #getMulti} with every value as {@code type}, by the rules of {@link ValueTypes}. */
  public <T> Call<Map<String, T>> getMulti(Collection<String> keys, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return getMulti(keys).map(values -> ValueTypes.all(values, type));
  }

  /** The gets/cas (or add) loop of {@code update}, one per call; see {@link CasUpdate}. */
  public CasUpdate update(String key, Duration ttl) {
    return new CasUpdate(this, key, ttl, updateAttempts);
  }

  public Call<CasValue<Object>> gets(String key) {
    return send(request(Command.GETS, key, casValue));
  }

  public Call<Object> getAndTouch(String key, Duration ttl) {
    Request<Object> r = request(Command.GAT, key, value);
    r.exptime = Expiry.of(ttl);
    return send(r);
  }

  public Call<CasValue<Object>> getsAndTouch(String key, Duration ttl) {
    Request<CasValue<Object>> r = request(Command.GATS, key, casValue);
    r.exptime = Expiry.of(ttl);
    return send(r);
  }

  /** Asks every server owning some of {@code keys} at once; misses are absent from the map. */
  public Call<Map<String, Object>> getMulti(Collection<String> keys) {
    cluster.checkOpen();
    if (cluster.nodes().length == 1 && !keys.isEmpty() && keys.size() <= KEYS_PER_REQUEST)
      return getMultiAtOnce(keys);
    Map<Node, List<String>> byNode = new LinkedHashMap<>();
    Map<String, byte[]> wire = new HashMap<>();
    for (String key : new LinkedHashSet<>(keys)) {
      byte[] k = Keys.encode(prefix, stored(key), protocol);
      wire.put(key, k);
      byNode.computeIfAbsent(cluster.nodeFor(k), n -> new ArrayList<>()).add(key);
    }
    List<Request<?>> parts = new ArrayList<>();
    List<Call<?>> calls = new ArrayList<>();
    List<String[]> partKeys = new ArrayList<>();
    long deadline = deadline();
    for (Map.Entry<Node, List<String>> e : byNode.entrySet()) {
      List<String> nodeKeys = e.getValue();
      for (int from = 0; from < nodeKeys.size(); from += KEYS_PER_REQUEST) {
        String[] chunk =
            nodeKeys
                .subList(from, Math.min(nodeKeys.size(), from + KEYS_PER_REQUEST))
                .toArray(String[]::new);
        byte[][] chunkWire = new byte[chunk.length][];
        for (int i = 0; i < chunk.length; i++) chunkWire[i] = wire.get(chunk[i]);
        Request<Void> r = new Request<>(Command.MULTI_GET, null, chunkWire, deadline, NOTHING);
        if (missOnOutage) r.missOnOutage(null);
        parts.add(r);
        partKeys.add(chunk);
        calls.add(cluster.send(r, e.getKey()));
      }
    }
    Request<?>[] all = parts.toArray(Request<?>[]::new);
    return new FanOut<>(
        calls.toArray(Call<?>[]::new),
        () -> {
          Map<String, Object> result = new LinkedHashMap<>();
          for (int p = 0; p < all.length; p++) {
            all[p].result(); // throws the part's failure
            putFound(result, partKeys.get(p), (Item[]) all[p].extra);
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
    byte[][] wire = new byte[names.length][];
    for (int i = 0; i < names.length; i++)
      wire[i] = Keys.encode(prefix, stored(names[i]), protocol);
    Request<Map<String, Object>> r =
        new Request<>(
            Command.MULTI_GET,
            null,
            wire,
            deadline(),
            q -> putFound(new LinkedHashMap<>(), names, (Item[]) q.extra));
    if (missOnOutage) r.missOnOutage(new LinkedHashMap<>());
    return cluster.send(r, cluster.nodes()[0]);
  }

  /** Decodes the hits of one multi-get request into {@code result}. */
  private Map<String, Object> putFound(Map<String, Object> result, String[] names, Item[] items) {
    if (items == null) return result;
    for (int i = 0; i < items.length; i++) {
      if (items[i] != null)
        result.put(names[i], codec.decode(names[i], items[i].flags(), items[i].bytes()));
    }
    return result;
  }

  // ---- writes

  public Call<Boolean> store(
      Command command, String key, Object value, Duration ttl, boolean noreply) {
    return send(storage(command, key, value, ttl, 0, noreply));
  }

  public Call<Boolean> cas(String key, Object value, long cas, Duration ttl) {
    return send(storage(Command.CAS, key, value, ttl, cas, false));
  }

  private Request<Boolean> storage(
      Command command, String key, Object value, Duration ttl, long cas, boolean noreply) {
    return storage(command, key, value, ttl, cas, noreply, deadline());
  }

  private Request<Boolean> storage(
      Command command,
      String key,
      Object value,
      Duration ttl,
      long cas,
      boolean noreply,
      long deadline) {
    Request<Boolean> r = request(command, key, STORED, deadline);
    CachedValue encoded = codec.encode(value);
    if (encoded.bytes().length > maxValueSize) {
      throw new ValueTooLargeException(
          "value for key "
              + Keys.show(key)
              + " is "
              + encoded.bytes().length
              + " bytes encoded; the limit is "
              + maxValueSize
              + " (maxValueSize, match the server's -I)");
    }
    r.value = encoded.bytes();
    r.flags = encoded.flags();
    r.exptime = Expiry.of(ttl);
    r.cas = cas;
    r.noreply = noreply;
    return r;
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
  public Call<Map<String, Boolean>> setMulti(Map<String, ?> values, Duration ttl, boolean noreply) {
    cluster.checkOpen();
    Objects.requireNonNull(values, "values");
    Expiry.of(ttl); // a bad TTL fails the call, even an empty one
    long deadline = deadline();
    String[] keys = new String[values.size()];
    List<Request<Boolean>> parts = new ArrayList<>(keys.length);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      keys[parts.size()] = e.getKey();
      parts.add(storage(Command.SET, e.getKey(), e.getValue(), ttl, 0, noreply, deadline));
    }
    return sendAll(keys, parts);
  }

  /**
   * Deletes every key in {@code keys} (a key named twice is deleted once), pipelined per server
   * like {@link #setMulti}. The result maps each key to whether it was deleted (false when absent,
   * or under MISS when its server could not be reached); failures as for {@link #setMulti}.
   */
  public Call<Map<String, Boolean>> deleteMulti(Collection<String> keys, boolean noreply) {
    cluster.checkOpen();
    Objects.requireNonNull(keys, "keys");
    long deadline = deadline();
    String[] names = new LinkedHashSet<>(keys).toArray(String[]::new);
    List<Request<Boolean>> parts = new ArrayList<>(names.length);
    for (String key : names) {
      Request<Boolean> r = request(Command.DELETE, key, DELETED, deadline);
      r.noreply = noreply;
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

  public Call<Boolean> delete(String key, boolean noreply) {
    Request<Boolean> r = request(Command.DELETE, key, DELETED);
    r.noreply = noreply;
    return send(r);
  }

  public Call<Boolean> touch(String key, Duration ttl, boolean noreply) {
    Request<Boolean> r = request(Command.TOUCH, key, TOUCHED);
    r.exptime = Expiry.of(ttl);
    r.noreply = noreply;
    return send(r);
  }

  /** incr or decr by {@code delta} (not negative: the server reads it as unsigned 64-bit). */
  public Call<Long> counter(Command command, String key, long delta, boolean noreply) {
    checkDelta(delta);
    Request<Long> r = request(command, key, NUMBER);
    r.delta = delta;
    r.noreply = noreply;
    return send(r);
  }

  /**
   * incr or decr by {@code delta}; a missing counter is created holding {@code initial} (expiring
   * after {@code ttl}), and {@code initial} is returned, as binary memcached does. Binary and meta
   * have the command; text runs an atomic incr, add, incr ({@link TextCounter}) that racing callers
   * cannot double-initialise. Whatever the protocol, the counter created is the same item: decimal
   * ASCII under flags 0. decr stops at 0. Under MISS an outage returns {@code initial}, as for a
   * counter that is absent.
   */
  public Call<Long> counter(Command command, String key, long delta, long initial, Duration ttl) {
    if (protocol != Protocol.TEXT) {
      Request<Long> r = counterRequest(command, key, delta, initial, ttl);
      if (missOnOutage) r.missOnOutage(initial);
      return send(r);
    }
    checkCounter(command, delta, initial);
    int exptime = Expiry.of(ttl);
    byte[] decimal = Long.toString(initial).getBytes(StandardCharsets.US_ASCII);
    return new TextCounter(
        command,
        initial,
        deadline(),
        deadline -> {
          Request<TextCounter.Step> r = request(command, key, STEP, deadline);
          r.delta = delta;
          if (missOnOutage) r.missOnOutage(null);
          return r;
        },
        deadline -> {
          Request<TextCounter.Step> r = request(Command.ADD, key, STEP, deadline);
          r.value = decimal;
          r.exptime = exptime;
          if (missOnOutage) r.missOnOutage(null);
          return r;
        },
        this::send);
  }

  /**
   * The binary/meta request of a counter with an initial value ({@link #counter(Command, String,
   * long, long, Duration)}), not sent; under MISS an outage returns null.
   */
  Request<Long> counterRequest(
      Command command, String key, long delta, long initial, Duration ttl) {
    checkCounter(command, delta, initial);
    Request<Long> r = request(command, key, NUMBER);
    r.delta = delta;
    r.initial = initial;
    r.create = true;
    r.exptime = Expiry.of(ttl);
    return r;
  }

  /** Refuses what the server would misread, before anything is sent. */
  private static void checkCounter(Command command, long delta, long initial) {
    if (command != Command.INCR && command != Command.DECR)
      throw new IllegalArgumentException(command + " is not a counter command");
    checkDelta(delta);
    if (initial < 0) {
      throw new IllegalArgumentException(
          "initial value must not be negative, was "
              + initial
              + " (memcached counters are unsigned 64-bit)");
    }
  }

  // ---- every server

  /**
   * Flushes every server after {@code delay} (sent like a TTL: over 30 days as an absolute time);
   * true when every server confirmed, false under MISS when some server could not be reached.
   */
  public Call<Boolean> flushAll(Duration delay) {
    int exptime = Expiry.of(delay, "flush delay");
    Node[] nodes = cluster.nodes();
    return perServer(
        Command.FLUSH_ALL,
        null,
        r -> r.exptime = exptime,
        (n, r) -> null,
        m -> m.size() == nodes.length);
  }

  @SuppressWarnings("unchecked")
  public Call<Map<String, Map<String, String>>> stats(String group) {
    if (group != null && (group.isBlank() || group.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
      throw new IllegalArgumentException("bad stats group '" + group + "'");
    }
    return perServer(
        Command.STATS, group, r -> {}, (n, r) -> (Map<String, String>) r.extra, m -> m);
  }

  public Call<Map<String, String>> version() {
    return perServer(Command.VERSION, null, r -> {}, (n, r) -> (String) r.extra, m -> m);
  }

  public Call<Void> verbosity(int level) {
    if (level < 0) throw new IllegalArgumentException("verbosity must not be negative: " + level);
    if (protocol == Protocol.BINARY) {
      // memcached 1.6 answers "unknown command" and then misreads the rest of the connection
      throw new UnsupportedOperationException(
          "memcached does not implement verbosity in the binary protocol; use TEXT or META");
    }
    return perServer(
        Command.VERBOSITY, Integer.toString(level), r -> {}, (n, r) -> null, m -> null);
  }

  /**
   * One request per server, combined into a map by server name. Under MISS a server that could not
   * be reached is left out of the map (no entry pretends it answered); REDISTRIBUTE has no other
   * server to ask for a server's own reply, so there an outage fails the call as under FAIL_FAST.
   */
  private <V, T> Call<T> perServer(
      Command command,
      String argument,
      java.util.function.Consumer<Request<Boolean>> setup,
      java.util.function.BiFunction<Node, Request<?>, V> each,
      Function<Map<String, V>, T> finish) {
    cluster.checkOpen();
    Node[] nodes = cluster.nodes();
    Request<?>[] parts = new Request<?>[nodes.length];
    Call<?>[] calls = new Call<?>[nodes.length];
    long deadline = deadline();
    for (int i = 0; i < nodes.length; i++) {
      Request<Boolean> r = new Request<>(command, null, null, deadline, ANSWERED);
      r.argument = argument;
      if (missOnOutage) r.missOnOutage(Boolean.FALSE);
      setup.accept(r);
      parts[i] = r;
      calls[i] = cluster.send(r, nodes[i]);
    }
    return new FanOut<>(
        calls,
        () -> {
          Map<String, V> result = new LinkedHashMap<>();
          for (int i = 0; i < parts.length; i++) {
            if (parts[i].result() == Boolean.FALSE) continue; // MISS: the server did not answer
            result.put(nodes[i].name(), each.apply(nodes[i], parts[i]));
          }
          return finish.apply(result);
        });
  }

  // ---- plumbing

  /** Refuses a negative incr/decr amount before anything is sent. */
  static void checkDelta(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException(
          "delta must not be negative, was "
              + delta
              + " (memcached reads it as unsigned 64-bit; use decr to subtract)");
    }
  }

  /** The key stored for the caller's {@code key}: the key function's (null stays null). */
  private String stored(String key) {
    return key == null ? null : keyFunction.apply(key);
  }

  /**
   * A request for {@code key}: refused when the client is closed, key validated (prefix, protocol),
   * deadline set, and the failure policy's outage value attached.
   */
  <T> Request<T> request(Command command, String key, Function<Request<T>, T> mapper) {
    return request(command, key, mapper, deadline());
  }

  /** {@link #request(Command, String, Function)} with a given deadline ({@code nanoTime} scale). */
  <T> Request<T> request(
      Command command, String key, Function<Request<T>, T> mapper, long deadlineNanos) {
    cluster.checkOpen();
    byte[] k = Keys.encode(prefix, stored(key), protocol);
    Request<T> r = new Request<>(command, k, null, deadlineNanos, mapper);
    r.userKey = key;
    if (missOnOutage) r.missOnOutage(outageValue(command));
    return r;
  }

  /**
   * What the MISS policy returns for an outage: a miss for reads and counters, false for writes
   * (invalidate included), an absent value won by the caller for a meta get.
   */
  @SuppressWarnings("unchecked")
  private static <T> T outageValue(Command command) {
    return (T)
        switch (command) {
          case GET, GETS, GAT, GATS, INCR, DECR -> null;
          case META_GET -> OUTAGE_META_VALUE;
          default -> Boolean.FALSE;
        };
  }

  /** Sends {@code r} to its key's server (or, under REDISTRIBUTE, the fallback). */
  <T> Call<T> send(Request<T> r) {
    return cluster.send(r, cluster.nodeFor(r));
  }

  private long deadline() {
    return System.nanoTime() + timeoutNanos;
  }
}
