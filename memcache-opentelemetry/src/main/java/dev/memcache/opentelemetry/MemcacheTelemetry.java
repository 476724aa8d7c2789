package dev.memcache.opentelemetry;

import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.event.RequestEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The client's requests as OpenTelemetry spans and the {@code db.client.operation.duration}
 * histogram, after the stable database semantic conventions. Bind it with one line on any client
 * builder:
 *
 * <pre>{@code
 * MemcacheClient cache =
 *     MemcacheClient.builder().servers("cache1:11211").listener(MemcacheTelemetry.of(otel)).build();
 * }</pre>
 *
 * <p><b>Spans.</b> One {@code CLIENT} span per request to one server (a multi-get spread over
 * servers is one span per server), a child of the context that was current on the caller's thread
 * when it called (a virtual or platform thread, the thread that called a future-returning method,
 * or the coroutine's thread: with {@code opentelemetry-extension-kotlin}'s {@code
 * asContextElement()} the coroutine's context is current there). It starts when the call started
 * and lasts as long as the caller waited. Name: {@code {db.operation.name}
 * {server.address}:{server.port}}, for example {@code get cache1:11211} (memcached has no
 * collections, so the target is the server). Attributes:
 *
 * <ul>
 *   <li>{@code db.system.name}: {@code memcached};
 *   <li>{@code db.operation.name}: the command as memcached names it, lower case ({@code get},
 *       {@code set}, {@code get_multi}, {@code delete}, ...);
 *   <li>{@code server.address}, {@code server.port}: the server as configured;
 *   <li>{@code error.type}, on failure only: the fully qualified class name of the exception the
 *       caller gets ({@code dev.memcache.core.MemcacheTimeoutException}, ...), unwrapped from
 *       {@code CompletionException} and {@code ExecutionException}; the span status is then {@code
 *       ERROR} with the exception's message;
 *   <li>{@code db.operation.batch.size}: for a multi-get of several keys in the binary or meta
 *       protocol, where each key is its own command in one message. A text-protocol multi-get is
 *       one {@code get k1 k2 ...} command with many keys, which the conventions do not count as a
 *       batch.
 * </ul>
 *
 * <p><b>Metric.</b> {@code db.client.operation.duration}, a histogram in seconds with the buckets
 * the conventions advise (1 ms to 10 s), recorded once per span with the same value and the same
 * attributes except {@code db.operation.batch.size}.
 *
 * <p>The instrumentation scope is {@value #SCOPE}. Attributes and span names are made once per
 * server and operation and kept.
 */
public final class MemcacheTelemetry implements MemcacheListener {
  private static final String SCOPE = "dev.memcache";
  private static final AttributeKey<String> DB_SYSTEM_NAME =
      AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_OPERATION_NAME =
      AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE =
      AttributeKey.longKey("db.operation.batch.size");
  private static final List<Double> BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final ConcurrentHashMap<ServerAddress, ConcurrentHashMap<String, Operation>> operations =
      new ConcurrentHashMap<>();

  private MemcacheTelemetry(OpenTelemetry otel) {
    this.tracer = otel.getTracer(SCOPE);
    this.duration =
        otel.getMeter(SCOPE)
            .histogramBuilder("db.client.operation.duration")
            .setDescription("Duration of database client operations.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
  }

  /**
   * Spans and metrics through {@code otel} (the SDK the application set up, or {@code
   * GlobalOpenTelemetry.get()}).
   *
   * @param otel where spans and metrics go
   * @return a listener to add to a client builder
   * @throws NullPointerException when {@code otel} is null
   */
  public static MemcacheTelemetry of(OpenTelemetry otel) {
    return new MemcacheTelemetry(Objects.requireNonNull(otel, "otel"));
  }

  /** Captures the caller's context: the span's parent. */
  @Override
  public Object requestStarted(String operation, ServerAddress server) {
    return Context.current();
  }

  @Override
  public void requestFinished(RequestEvent event, Object started) {
    Context parent = started instanceof Context c ? c : Context.current();
    Operation op = operation(event.server(), event.operation());
    long durationNanos = event.durationNanos();
    Instant now = Instant.now();
    long end = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    Attributes attributes = op.attributes;
    Throwable error = event.failed() ? cause(event.error()) : null;
    if (event.failed()) {
      attributes = attributes.toBuilder().put(ERROR_TYPE, errorType(error)).build();
    }
    SpanBuilder builder =
        tracer
            .spanBuilder(op.spanName)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setStartTimestamp(end - durationNanos, TimeUnit.NANOSECONDS)
            .setAllAttributes(attributes);
    if (event.keys() > 1 && event.protocol() != Protocol.TEXT) {
      builder.setAttribute(DB_OPERATION_BATCH_SIZE, event.keys());
    }
    Span span = builder.startSpan();
    if (event.failed()) {
      String message = error == null ? null : error.getMessage();
      span.setStatus(StatusCode.ERROR, message == null ? "" : message);
    }
    span.end(end, TimeUnit.NANOSECONDS);
    duration.record(durationNanos / 1e9, attributes, parent);
  }

  @Override
  public String toString() {
    return "MemcacheTelemetry{" + tracer + "}";
  }

  private Operation operation(ServerAddress server, String name) {
    ConcurrentHashMap<String, Operation> byName = operations.get(server);
    if (byName == null) byName = operations.computeIfAbsent(server, s -> new ConcurrentHashMap<>());
    Operation op = byName.get(name);
    return op != null ? op : byName.computeIfAbsent(name, n -> new Operation(server, n));
  }

  /** The failure the caller sees, out of the wrappers futures put around it. */
  private static Throwable cause(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) e = e.getCause();
    return e;
  }

  private static String errorType(Throwable error) {
    if (error == null) return "_OTHER";
    return error.getClass().getName();
  }

  /** The span name and attributes of one operation on one server. */
  private static final class Operation {
    final String spanName;
    final Attributes attributes;

    Operation(ServerAddress server, String name) {
      spanName = name + " " + server;
      attributes =
          Attributes.of(
              DB_SYSTEM_NAME,
              "memcached",
              DB_OPERATION_NAME,
              name,
              SERVER_ADDRESS,
              server.host(),
              SERVER_PORT,
              (long) server.port());
    }
  }
}
