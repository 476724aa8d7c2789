package dev.memcache.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.FailurePolicy;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedFleet;
import dev.memcache.testkit.MemcachedFleetExtension;
import dev.memcache.testkit.MemcachedServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link MemcacheTelemetry} over two real memcached servers, exported to the SDK's in-memory
 * exporter and reader: span names, kinds and attributes after the database semantic conventions,
 * the duration histogram, failures, and the parent of a span for blocking, virtual-thread and
 * future callers.
 */
class MemcacheTelemetryIT {
  @RegisterExtension static final MemcachedFleetExtension servers = new MemcachedFleetExtension(2);

  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");

  private InMemorySpanExporter spans;
  private InMemoryMetricReader metrics;
  private OpenTelemetrySdk otel;
  private Tracer tracer;

  private static MemcachedFleet fleet() {
    return servers.fleet();
  }

  @BeforeEach
  void sdk() {
    spans = InMemorySpanExporter.create();
    metrics = InMemoryMetricReader.create();
    otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    tracer = otel.getTracer("test");
  }

  @AfterEach
  void closeSdk() {
    otel.close();
  }

  private MemcacheClient client(Protocol protocol) {
    return MemcacheClient.builder()
        .servers(fleet().addresses())
        .protocol(protocol)
        .listener(MemcacheTelemetry.of(otel))
        .build();
  }

  private List<SpanData> clientSpans(String operation) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> operation.equals(s.getAttributes().get(DB_OPERATION_NAME)))
        .toList();
  }

  @Test
  void eachRequestIsAClientSpanNamedAfterItsOperationAndServer() {
    List<String> keys = IntStream.range(0, 20).mapToObj(i -> "k" + i).toList();
    try (MemcacheClient client = client(Protocol.TEXT)) {
      for (String k : keys) client.set(k, "v");
      for (String k : keys) assertEquals("v", client.get(k));
      assertNull(client.get("absent"));
    }
    List<SpanData> sets = clientSpans("set");
    List<SpanData> gets = clientSpans("get");
    assertEquals(20, sets.size());
    assertEquals(21, gets.size());
    int[] where = fleet().locate(keys);
    for (int i = 0; i < keys.size(); i++) {
      MemcachedServer server = fleet().servers().get(where[i]);
      SpanData set = sets.get(i);
      assertEquals("set " + server.host() + ":" + server.port(), set.getName());
      assertEquals(SpanKind.CLIENT, set.getKind());
      assertEquals(
          Attributes.of(
                  DB_SYSTEM_NAME,
                  "memcached",
                  DB_OPERATION_NAME,
                  "set",
                  SERVER_ADDRESS,
                  server.host(),
                  SERVER_PORT,
                  (long) server.port())
              .asMap(),
          set.getAttributes().asMap());
      assertEquals(StatusCode.UNSET, set.getStatus().getStatusCode());
      assertFalse(set.getParentSpanContext().isValid(), "no caller span: a root span");
      assertTrue(set.getEndEpochNanos() > set.getStartEpochNanos());
      assertEquals("get " + server.host() + ":" + server.port(), gets.get(i).getName());
    }
    assertEquals(
        "dev.memcache",
        sets.get(0).getInstrumentationScopeInfo().getName(),
        "instrumentation scope");
  }

  @Test
  void theDurationHistogramFollowsTheConventions() {
    try (MemcacheClient client = client(Protocol.TEXT)) {
      for (int i = 0; i < 10; i++) client.set("h" + i, "v");
      for (int i = 0; i < 10; i++) client.get("h" + i);
    }
    MetricData metric =
        metrics.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("db.client.operation.duration"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no db.client.operation.duration"));
    assertEquals("s", metric.getUnit());
    assertEquals("dev.memcache", metric.getInstrumentationScopeInfo().getName());
    long sets = 0;
    long gets = 0;
    for (HistogramPointData p : metric.getHistogramData().getPoints()) {
      assertEquals(
          List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0),
          p.getBoundaries(),
          "the buckets the conventions advise");
      Attributes a = p.getAttributes();
      assertEquals("memcached", a.get(DB_SYSTEM_NAME));
      assertTrue(
          fleet().addresses().contains(a.get(SERVER_ADDRESS) + ":" + a.get(SERVER_PORT)),
          a.toString());
      assertNull(a.get(ERROR_TYPE));
      assertTrue(p.getSum() > 0 && p.getMax() < 5, "seconds: " + p);
      if ("set".equals(a.get(DB_OPERATION_NAME))) sets += p.getCount();
      if ("get".equals(a.get(DB_OPERATION_NAME))) gets += p.getCount();
    }
    assertEquals(10, sets);
    assertEquals(10, gets);
    // The histogram's sum equals the spans' durations: one value, two signals.
    double spanSeconds =
        spans.getFinishedSpanItems().stream()
                .mapToLong(s -> s.getEndEpochNanos() - s.getStartEpochNanos())
                .sum()
            / 1e9;
    double histogramSeconds =
        metric.getHistogramData().getPoints().stream()
            .mapToDouble(HistogramPointData::getSum)
            .sum();
    assertEquals(spanSeconds, histogramSeconds, 1e-6);
  }

  @Test
  void aBlockingCallerInsideASpanIsTheParent() throws Exception {
    try (MemcacheClient client = client(Protocol.TEXT)) {
      Span parent = tracer.spanBuilder("handler").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        client.set("p", "v");
        client.get("p");
      } finally {
        parent.end();
      }
      Span onVirtual = tracer.spanBuilder("virtual handler").startSpan();
      Thread t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Scope ignored = onVirtual.makeCurrent()) {
                      client.get("p");
                    }
                  });
      t.join(TimeUnit.SECONDS.toMillis(10));
      onVirtual.end();

      List<SpanData> sets = clientSpans("set");
      List<SpanData> gets = clientSpans("get");
      assertEquals(1, sets.size());
      assertEquals(2, gets.size());
      assertChildOf(parent, sets.get(0));
      assertChildOf(parent, gets.get(0));
      assertChildOf(onVirtual, gets.get(1));
    }
  }

  @Test
  void aFutureCallersSpanHasTheCallersParentWhereverTheFutureCompletes() throws Exception {
    try (MemcacheClient client = client(Protocol.TEXT)) {
      Span parent = tracer.spanBuilder("handler").startSpan();
      CompletableFuture<Boolean> set;
      CompletableFuture<Object> get;
      try (Scope ignored = parent.makeCurrent()) {
        set = client.async().set("f", "v");
        get = client.async().get("f");
      } finally {
        parent.end();
      }
      // Joined outside the caller's scope; each future completes on a thread of the client.
      assertTrue(set.get(10, TimeUnit.SECONDS));
      assertEquals("v", get.get(10, TimeUnit.SECONDS));
      List<SpanData> sets = clientSpans("set");
      assertEquals(1, sets.size());
      assertChildOf(parent, sets.get(0));
      assertChildOf(parent, clientSpans("get").get(0));

      Span other = tracer.spanBuilder("another handler").startSpan();
      CompletableFuture<Object> third;
      try (Scope ignored = other.makeCurrent()) {
        third = client.async().get("f");
      } finally {
        other.end();
      }
      assertEquals("v", third.get(10, TimeUnit.SECONDS));
      List<SpanData> gets = clientSpans("get");
      assertEquals(2, gets.size());
      assertChildOf(other, gets.get(1));
    }
  }

  @Test
  void aFailedRequestIsAnErrorSpanWithTheExceptionTheCallerGot() {
    MemcacheClient client =
        MemcacheClient.builder()
            .servers(fleet().addresses())
            .failurePolicy(FailurePolicy.FAIL_FAST)
            .operationTimeout(Duration.ofMillis(500))
            .connectTimeout(Duration.ofMillis(500))
            .listener(MemcacheTelemetry.of(otel))
            .build();
    try (client) {
      List<String> keys = IntStream.range(0, 20).mapToObj(i -> "e" + i).toList();
      for (String k : keys) client.set(k, "v");
      int[] where = fleet().locate(keys);
      String deadKey =
          keys.get(
              IntStream.range(0, keys.size()).filter(i -> where[i] == 1).findFirst().orElseThrow());
      fleet().servers().get(1).kill();
      RuntimeException thrown = assertThrows(RuntimeException.class, () -> client.get(deadKey));

      SpanData failed =
          clientSpans("get").stream()
              .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no error span: " + spans.getFinishedSpanItems()));
      assertEquals(thrown.getClass().getName(), failed.getAttributes().get(ERROR_TYPE));
      assertEquals(fleet().servers().get(1).port(), failed.getAttributes().get(SERVER_PORT));
      HistogramPointData point =
          metrics.collectAllMetrics().stream()
              .filter(m -> m.getName().equals("db.client.operation.duration"))
              .flatMap(m -> m.getHistogramData().getPoints().stream())
              .filter(p -> p.getAttributes().get(ERROR_TYPE) != null)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no failed request in the histogram"));
      assertEquals(thrown.getClass().getName(), point.getAttributes().get(ERROR_TYPE));
    }
  }

  @Test
  void aMultiGetIsABatchOnlyWhereEachKeyIsItsOwnCommand() {
    List<String> keys = IntStream.range(0, 20).mapToObj(i -> "m" + i).toList();
    for (Protocol protocol : List.of(Protocol.TEXT, Protocol.META, Protocol.BINARY)) {
      spans.reset();
      Map<String, Object> found;
      try (MemcacheClient client = client(protocol)) {
        for (String k : keys) client.set(k, "v");
        found = client.getMulti(keys);
      }
      assertEquals(20, found.size());
      List<SpanData> multi =
          spans.getFinishedSpanItems().stream()
              .filter(s -> s.getAttributes().get(DB_OPERATION_NAME).contains("multi"))
              .toList();
      assertEquals(2, multi.size(), protocol + ": one span per server: " + multi);
      if (protocol == Protocol.TEXT) {
        for (SpanData s : multi)
          assertNull(s.getAttributes().get(BATCH_SIZE), "one get k1 k2 ... command: " + s);
      } else {
        long sum = multi.stream().mapToLong(s -> s.getAttributes().get(BATCH_SIZE)).sum();
        assertEquals(20, sum, protocol + ": one command per key: " + multi);
      }
    }
  }

  @Test
  void nullIsRefusedWithItsName() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> MemcacheTelemetry.of(null));
    assertEquals("otel", e.getMessage());
  }

  static void assertChildOf(Span parent, SpanData child) {
    assertEquals(parent.getSpanContext().getTraceId(), child.getTraceId(), child.toString());
    assertEquals(parent.getSpanContext().getSpanId(), child.getParentSpanId(), child.toString());
  }
}
