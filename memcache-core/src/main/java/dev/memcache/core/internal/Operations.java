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
import dev.memcache.core.internal.connection.Node;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.connection.Request.Status;
import dev.memcache.core.internal.protocol.Counter;
import dev.memcache.core.internal.protocol.Delete;
import dev.memcache.core.internal.protocol.Get;
import dev.memcache.core.internal.protocol.GetAndTouch;
import dev.memcache.core.internal.protocol.Gets;
import dev.memcache.core.internal.protocol.Store;
import dev.memcache.core.internal.protocol.Touch;
import dev.memcache.core.keys.KeyFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every command, defined once: validation, encoding, routing and the mapping of the reply to a
 * result. The Java blocking, Java future and Kotlin facades are thin layers that await the returned
 * {@link Call} in their own way. Bad input throws before anything is sent, and so does a closed
 * client ({@link IllegalStateException}). Each command is a request of its own type ({@code
 * internal.protocol}: {@link Get}, {@link Store}, {@link Counter}...), whose typed reply the
 * command's mapper reads; the multi-key commands are in {@link MultiKeyOperations}, the ones sent
 * to every server in {@link ServerOperations}, the meta ones in {@link MetaOperations}.
 *
 * <p>{@link #key}, {@link #send} and {@link #sendTo} are the one request path (closed check, key
 * handling, failure policy, routing) for all of them. Under {@link FailurePolicy#MISS} an outage
 * (connection failure, timeout) is a miss: reads and counters return null, writes false, meta gets
 * an absent value the caller {@link MetaValue#won won} (compute it, nobody holds a lease); the
 * commands sent to every server (stats, version, flush) leave out the servers that did not answer,
 * and flush returns false then.
 */
public final class Operations {
  private final Cluster cluster;
  private final ValueCodec codec;
  private final String prefix;
  private final KeyFunction keyFunction;
  private final long timeoutNanos;
  private final int maxValueSize;
  private final boolean missOnOutage;
  private final Protocol protocol;
  private final int updateAttempts;
  private final MultiKeyOperations multi;
  private final ServerOperations servers;

  private final Function<Get<Object>, Object> value;

  /**
   * Typed reads' mappers per type, made once (an entry per type read, for the client's life): the
   * request carries them, so a typed get allocates what an untyped one does (a call mapped after it
   * cost 48 bytes a get).
   */
  private final Map<Class<?>, TypedReads> typedReads = new ConcurrentHashMap<>();

  private final Function<Gets<CasValue<Object>>, CasValue<Object>> casValue;
  static final Function<Request<Boolean>, Boolean> STORED = r -> r.status() == Status.STORED;
  static final Function<Request<Boolean>, Boolean> DELETED = r -> r.status() == Status.DELETED;
  private static final Function<Request<Boolean>, Boolean> TOUCHED =
      r -> r.status() == Status.TOUCHED;
  static final Function<Counter<Long>, Long> NUMBER = r -> r.counted() ? r.value() : null;

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
    this.updateAttempts = config.updateAttempts();
    this.value = r -> r.isHit() ? decoded(r) : null;
    this.casValue = r -> r.isHit() ? new CasValue<>(decoded(r), r.cas()) : null;
    this.multi = new MultiKeyOperations(this);
    this.servers = new ServerOperations(this);
  }

  public Cluster cluster() {
    return cluster;
  }

  // ---- reads

  public Call<Object> get(String key) {
    return send(Get.of(key(key), key, deadline(), value));
  }

  /** {@link #get} as {@code type}, by the rules of {@link ValueTypes}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> Call<T> get(String key, Class<T> type) {
    Function typed = typedReads(type).value;
    return send(Get.of(key(key), key, deadline(), typed));
  }

  /** A hit as an entry (whose value may be null), a miss as null; values as {@code type}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> Call<CacheEntry<T>> getEntry(String key, Class<T> type) {
    Function typed = typedReads(type).entry;
    return send(Get.of(key(key), key, deadline(), typed));
  }

  /** A typed get's mapper (a hit's decoded value by {@link ValueTypes#as}) and a typed entry's. */
  private record TypedReads(
      Function<Get<Object>, Object> value, Function<Get<Object>, Object> entry) {}

  private TypedReads typedReads(Class<?> type) {
    TypedReads made = typedReads.get(Objects.requireNonNull(type, "type"));
    return made != null ? made : typedReads.computeIfAbsent(type, this::makeTypedReads);
  }

  private TypedReads makeTypedReads(Class<?> type) {
    Function<Get<Object>, Object> value =
        r -> r.isHit() ? ValueTypes.as(r.userKey(), decoded(r), type) : null;
    return new TypedReads(value, r -> r.isHit() ? new CacheEntry<>(value.apply(r)) : null);
  }

  /** Asks every server owning some of {@code keys} at once; misses are absent from the map. */
  public Call<Map<String, Object>> getMulti(Collection<String> keys) {
    return multi.getMulti(keys);
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
    return send(new Gets<>(Command.GETS, key(key), key, deadline(), casValue));
  }

  public Call<Object> getAndTouch(String key, Duration ttl) {
    String k = key(key);
    return send(new GetAndTouch<>(Command.GAT, k, key, Expiry.of(ttl), deadline(), value));
  }

  public Call<CasValue<Object>> getsAndTouch(String key, Duration ttl) {
    String k = key(key);
    return send(new GetAndTouch<>(Command.GATS, k, key, Expiry.of(ttl), deadline(), casValue));
  }

  // ---- writes

  public Call<Boolean> store(
      Command command, String key, Object value, Duration ttl, boolean noreply) {
    return send(storage(command, key, value, ttl, 0, noreply, deadline()));
  }

  public Call<Boolean> cas(String key, Object value, long cas, Duration ttl) {
    return send(storage(Command.CAS, key, value, ttl, cas, false, deadline()));
  }

  /** A storage request (not sent): key checked, value encoded within {@code maxValueSize}. */
  Store<Boolean> storage(
      Command command,
      String key,
      Object value,
      Duration ttl,
      long cas,
      boolean noreply,
      long deadline) {
    String k = key(key);
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
    int exptime = Expiry.of(ttl);
    return new Store<>(
        command, k, encoded.bytes(), encoded.flags(), exptime, cas, noreply, deadline, STORED);
  }

  /** See {@link MultiKeyOperations#setMulti}. */
  public Call<Map<String, Boolean>> setMulti(Map<String, ?> values, Duration ttl, boolean noreply) {
    return multi.setMulti(values, ttl, noreply);
  }

  /** See {@link MultiKeyOperations#deleteMulti}. */
  public Call<Map<String, Boolean>> deleteMulti(Collection<String> keys, boolean noreply) {
    return multi.deleteMulti(keys, noreply);
  }

  public Call<Boolean> delete(String key, boolean noreply) {
    return send(new Delete<>(Command.DELETE, key(key), 0, 0, noreply, deadline(), DELETED));
  }

  public Call<Boolean> touch(String key, Duration ttl, boolean noreply) {
    String k = key(key);
    return send(new Touch<>(k, Expiry.of(ttl), noreply, deadline(), TOUCHED));
  }

  /** incr or decr by {@code delta} (not negative: the server reads it as unsigned 64-bit). */
  public Call<Long> counter(Command command, String key, long delta, boolean noreply) {
    checkDelta(delta);
    return send(new Counter<>(command, key(key), delta, false, 0, 0, noreply, deadline(), NUMBER));
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
    if (protocol != Protocol.TEXT)
      return send(counterRequest(command, key, delta, initial, ttl), initial);
    checkCounter(command, delta, initial);
    int exptime = Expiry.of(ttl);
    byte[] decimal = Long.toString(initial).getBytes(StandardCharsets.US_ASCII);
    return new TextCounter(
        command,
        initial,
        deadline(),
        deadline ->
            new Counter<>(
                command, key(key), delta, false, 0, 0, false, deadline, TextCounter.COUNTED),
        deadline ->
            new Store<>(
                Command.ADD, key(key), decimal, 0, exptime, 0, false, deadline, TextCounter.ADDED),
        step -> send(step, null));
  }

  /**
   * The binary/meta request of a counter with an initial value ({@link #counter(Command, String,
   * long, long, Duration)}), not sent.
   */
  Counter<Long> counterRequest(
      Command command, String key, long delta, long initial, Duration ttl) {
    checkCounter(command, delta, initial);
    String k = key(key);
    return new Counter<>(
        command, k, delta, true, initial, Expiry.of(ttl), false, deadline(), NUMBER);
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

  /** Refuses a negative incr/decr amount before anything is sent. */
  static void checkDelta(long delta) {
    if (delta < 0) {
      throw new IllegalArgumentException(
          "delta must not be negative, was "
              + delta
              + " (memcached reads it as unsigned 64-bit; use decr to subtract)");
    }
  }

  // ---- every server: see ServerOperations

  /** See {@link ServerOperations#flushAll}. */
  public Call<Boolean> flushAll(Duration delay) {
    return servers.flushAll(delay);
  }

  /** See {@link ServerOperations#stats}. */
  public Call<Map<String, Map<String, String>>> stats(String group) {
    return servers.stats(group);
  }

  /** See {@link ServerOperations#version}. */
  public Call<Map<String, String>> version() {
    return servers.version();
  }

  /** See {@link ServerOperations#verbosity}. */
  public Call<Void> verbosity(int level) {
    return servers.verbosity(level);
  }

  // ---- the one request path

  /**
   * The wire key for the caller's {@code key}: refused when the client is closed, then the key
   * function applied, the prefix added and the result validated for the protocol ({@link
   * Keys#encode}).
   */
  String key(String key) {
    cluster.checkOpen();
    return wireKey(key);
  }

  /** {@link #key} without the closed check, for commands that made it once for many keys. */
  String wireKey(String key) {
    return Keys.encode(prefix, key == null ? null : keyFunction.apply(key), protocol);
  }

  /** Sends {@code r} to its key's server, under the failure policy's outage value for its kind. */
  <T> Call<T> send(Request<T> r) {
    return send(r, outageValue(r.command));
  }

  /** Sends {@code r} to its key's server; under MISS an outage returns {@code outage}. */
  <T> Call<T> send(Request<T> r, T outage) {
    return sendTo(cluster.nodeFor(r), r, outage);
  }

  /** Sends {@code r} to {@code node}; under MISS an outage returns {@code outage}. */
  <T> Call<T> sendTo(Node node, Request<T> r, T outage) {
    underPolicy(r, outage);
    return cluster.send(r, node);
  }

  /** {@code r} under the failure policy: with MISS, an outage returns {@code outage}. */
  <T> void underPolicy(Request<T> r, T outage) {
    if (missOnOutage) r.missOnOutage(outage);
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

  /** The deadline of a request made now ({@code nanoTime} scale). */
  long deadline() {
    return System.nanoTime() + timeoutNanos;
  }

  /** The value a get hit, decoded with this view's value codec. */
  private Object decoded(Get<?> r) {
    return codec.decode(r.userKey(), r.flags(), r.value());
  }

  /** Decodes a value read for {@code key}, with this view's value codec. */
  Object decode(String key, int flags, byte[] bytes) {
    return codec.decode(key, flags, bytes);
  }

  boolean missOnOutage() {
    return missOnOutage;
  }
}
