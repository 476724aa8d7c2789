package dev.memcache.micrometer;

import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client's requests and state as Micrometer meters. Bind it with one line on any client
 * builder:
 *
 * <pre>{@code
 * MemcacheClient cache =
 *     MemcacheClient.builder().servers("cache1:11211").listener(MemcacheMetrics.of(registry)).build();
 * }</pre>
 *
 * <p>The meters (names as Micrometer writes them; a registry renames them for its back end, for
 * example {@code memcache_requests_seconds} in Prometheus). Every meter also carries the extra tags
 * given to {@link #of(MeterRegistry, Iterable)}:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code memcache.requests}</td><td>timer</td>
 *       <td>{@code operation}, {@code server}, {@code outcome}, {@code error}</td>
 *       <td>each request to one server, from the call until the reply (queued and on the wire);
 *       {@code operation} as memcached names it ({@code get}, {@code set}, {@code get_multi},
 *       ...), {@code server} as {@code host:port}, {@code outcome} one of {@code hit}, {@code
 *       miss}, {@code stored}, {@code not_stored}, {@code exists}, {@code ok}, {@code noreply},
 *       {@code error}, and {@code error} the simple class name of the failure ({@code
 *       MemcacheTimeoutException}, ...) or {@code none}. A multi-get spread over servers is one
 *       request per server.</td></tr>
 *   <tr><td>{@code memcache.hits}</td><td>counter</td><td>{@code server}</td>
 *       <td>reads ({@code get}, {@code gets}, {@code gat}, multi-gets, meta gets) that found their
 *       key; a multi-get counts once per server it asked, as a hit when any of its keys was
 *       found</td></tr>
 *   <tr><td>{@code memcache.misses}</td><td>counter</td><td>{@code server}</td>
 *       <td>reads that found nothing (a delete, touch or counter of a missing key is not a cache
 *       miss and is not counted here; the timer's {@code outcome=miss} has it)</td></tr>
 *   <tr><td>{@code memcache.requests.in.flight}</td><td>gauge</td><td>{@code server}</td>
 *       <td>requests started and not finished yet</td></tr>
 *   <tr><td>{@code memcache.servers.down}</td><td>gauge</td><td>none</td>
 *       <td>servers marked down after {@code failureLimit} failures in a row and not back up
 *       yet</td></tr>
 *   <tr><td>{@code memcache.connections.broken}</td><td>counter</td>
 *       <td>{@code server}, {@code error}</td>
 *       <td>connections that broke or could not be opened; {@code error} is the simple class name
 *       of the cause</td></tr>
 *   <tr><td>{@code memcache.connections.hung}</td><td>counter</td><td>{@code server}</td>
 *       <td>connections closed because their server stopped answering</td></tr>
 *   <tr><td>{@code memcache.slot.waits}</td><td>timer</td><td>{@code server}</td>
 *       <td>how long requests waited for an in-flight slot of a full connection (only requests
 *       that waited)</td></tr>
 * </table>
 *
 * <p>Percentiles and histograms are off, as Micrometer's defaults have them; turn them on with a
 * {@code MeterFilter} on the registry. Meters are made once per tag combination and kept, so
 * recording a request looks up and updates existing meters. One instance may serve several clients:
 * requests in flight then add up, and a server counts as down while any of them has it marked down.
 */
public final class MemcacheMetrics implements MemcacheListener {
  private static final String REQUESTS = "memcache.requests";
  private static final String HITS = "memcache.hits";
  private static final String MISSES = "memcache.misses";
  private static final String IN_FLIGHT = "memcache.requests.in.flight";
  private static final String SERVERS_DOWN = "memcache.servers.down";
  private static final String BROKEN = "memcache.connections.broken";
  private static final String HUNG = "memcache.connections.hung";
  private static final String SLOT_WAITS = "memcache.slot.waits";
  private static final RequestEvent.Outcome[] OUTCOMES = RequestEvent.Outcome.values();

  private final MeterRegistry registry;
  private final Tags extraTags;
  private final ConcurrentHashMap<ServerAddress, ServerMeters> servers = new ConcurrentHashMap<>();

  /** Per server, how many clients have it marked down (0 or 1 unless the instance is shared). */
  private final ConcurrentHashMap<ServerAddress, AtomicInteger> down = new ConcurrentHashMap<>();

  private MemcacheMetrics(MeterRegistry registry, Tags extraTags) {
    this.registry = registry;
    this.extraTags = extraTags;
    Gauge.builder(SERVERS_DOWN, down, MemcacheMetrics::countDown)
        .description("Servers marked down and not back up yet")
        .baseUnit("servers")
        .tags(extraTags)
        .strongReference(true) // else the gauge reads NaN once a GC takes an unreferenced listener
        .register(registry);
  }

  /**
   * Metrics into {@code registry}, with no extra tags.
   *
   * @param registry where the meters go
   * @return a listener to add to a client builder
   * @throws NullPointerException when {@code registry} is null
   */
  public static MemcacheMetrics of(MeterRegistry registry) {
    return of(registry, Tags.empty());
  }

  /**
   * Metrics into {@code registry}, every meter carrying {@code extraTags} too (for example the name
   * of the cache when a service has several clients).
   *
   * @param registry where the meters go
   * @param extraTags tags added to every meter
   * @return a listener to add to a client builder
   * @throws NullPointerException when {@code registry} or {@code extraTags} is null
   */
  public static MemcacheMetrics of(MeterRegistry registry, Iterable<Tag> extraTags) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(extraTags, "extraTags");
    return new MemcacheMetrics(registry, Tags.of(extraTags));
  }

  @Override
  public Object requestStarted(String operation, ServerAddress server) {
    ServerMeters meters = meters(server);
    meters.inFlight.increment();
    return meters;
  }

  @Override
  public void requestFinished(RequestEvent event, Object started) {
    ServerMeters meters;
    if (started instanceof ServerMeters m) {
      meters = m;
      m.inFlight.decrement();
    } else {
      meters = meters(event.server());
    }
    OperationMeters op = meters.operation(event.operation());
    op.timer(event.outcome(), event.error()).record(event.durationNanos(), TimeUnit.NANOSECONDS);
    if (op.read) {
      if (event.outcome() == RequestEvent.Outcome.HIT) meters.hits.increment();
      else if (event.outcome() == RequestEvent.Outcome.MISS) meters.misses.increment();
    }
  }

  @Override
  public void connectionBroken(ServerAddress server, Throwable cause) {
    Counter.builder(BROKEN)
        .description("Connections that broke or could not be opened")
        .baseUnit("connections")
        .tags(meters(server).tags)
        .tag("error", errorTag(cause))
        .register(registry)
        .increment();
  }

  @Override
  public void connectionHung(ServerAddress server, Duration silentFor) {
    meters(server).hung.increment();
  }

  @Override
  public void serverDown(ServerAddress server, Throwable cause) {
    down.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void serverUp(ServerAddress server) {
    AtomicInteger n = down.get(server);
    if (n != null) n.updateAndGet(v -> Math.max(0, v - 1));
  }

  @Override
  public void slotWaited(ServerAddress server, long waitedNanos) {
    meters(server).slotWaits.record(waitedNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "MemcacheMetrics{" + registry.getClass().getSimpleName() + ", tags=" + extraTags + "}";
  }

  private ServerMeters meters(ServerAddress server) {
    ServerMeters m = servers.get(server);
    return m != null ? m : servers.computeIfAbsent(server, ServerMeters::new);
  }

  private static double countDown(ConcurrentHashMap<ServerAddress, AtomicInteger> down) {
    int n = 0;
    for (AtomicInteger clients : down.values()) if (clients.get() > 0) n++;
    return n;
  }

  private static String errorTag(Throwable error) {
    if (error == null) return "none";
    String name = error.getClass().getSimpleName();
    return name.isEmpty() ? error.getClass().getName() : name;
  }

  /** Whether an operation reads values, so that its hit or miss is a cache hit or miss. */
  private static boolean isRead(String operation) {
    return operation.startsWith("get")
        || operation.startsWith("gat")
        || operation.startsWith("meta_get")
        || operation.equals("mg");
  }

  /** The meters of one server. */
  private final class ServerMeters {
    final Tags tags;
    final LongAdder inFlight = new LongAdder();
    final Counter hits;
    final Counter misses;
    final Counter hung;
    final Timer slotWaits;
    final ConcurrentHashMap<String, OperationMeters> operations = new ConcurrentHashMap<>();

    ServerMeters(ServerAddress server) {
      tags = extraTags.and("server", server.toString());
      hits =
          Counter.builder(HITS)
              .description("Reads that found their key")
              .baseUnit("requests")
              .tags(tags)
              .register(registry);
      misses =
          Counter.builder(MISSES)
              .description("Reads that found nothing")
              .baseUnit("requests")
              .tags(tags)
              .register(registry);
      hung =
          Counter.builder(HUNG)
              .description("Connections closed because their server stopped answering")
              .baseUnit("connections")
              .tags(tags)
              .register(registry);
      slotWaits =
          Timer.builder(SLOT_WAITS)
              .description("Time requests waited for an in-flight slot of a full connection")
              .tags(tags)
              .register(registry);
      Gauge.builder(IN_FLIGHT, inFlight, LongAdder::sum)
          .description("Requests started and not finished")
          .baseUnit("requests")
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }

    OperationMeters operation(String name) {
      OperationMeters m = operations.get(name);
      return m != null ? m : operations.computeIfAbsent(name, n -> new OperationMeters(tags, n));
    }
  }

  /** The timers of one operation on one server, one per outcome and per error class. */
  private final class OperationMeters {
    final Tags tags;
    final boolean read;
    final AtomicReferenceArray<Timer> byOutcome = new AtomicReferenceArray<>(OUTCOMES.length);
    final ConcurrentHashMap<Class<?>, Timer> byError = new ConcurrentHashMap<>();

    OperationMeters(Tags serverTags, String operation) {
      tags = serverTags.and("operation", operation);
      read = isRead(operation);
    }

    Timer timer(RequestEvent.Outcome outcome, Throwable error) {
      if (error != null) {
        Timer t = byError.get(error.getClass());
        return t != null
            ? t
            : byError.computeIfAbsent(error.getClass(), c -> register(outcome, errorTag(error)));
      }
      Timer t = byOutcome.get(outcome.ordinal());
      if (t == null) {
        t = register(outcome, "none");
        byOutcome.set(outcome.ordinal(), t); // a race registers the same meter twice: harmless
      }
      return t;
    }

    private Timer register(RequestEvent.Outcome outcome, String error) {
      return Timer.builder(REQUESTS)
          .description("Requests to one server, from the call until the reply")
          .tags(tags)
          .tag("outcome", outcome.tag())
          .tag("error", error)
          .register(registry);
    }
  }
}
