package dev.memcache.opentelemetry

import dev.memcache.coroutines.CoroutineMemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.extension.kotlin.asContextElement
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.data.SpanData
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext

/**
 * A Kotlin coroutine caller: the span of each suspend call is a child of the span in the
 * coroutine's context (through `opentelemetry-extension-kotlin`'s `asContextElement()`), whichever
 * thread the coroutine resumes on, and concurrent coroutines with different parents each get their
 * own.
 */
class CoroutineTracingIT :
    FunSpec({
        val server = MemcachedServer.startDefault()
        afterSpec { server.close() }

        val operation = AttributeKey.stringKey("db.operation.name")
        val key = AttributeKey.stringKey("key")

        test("a suspend call's span is a child of the coroutine's span") {
            val spans = InMemorySpanExporter.create()
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build()
                )
                .build()
                .use { otel ->
                    val tracer = otel.getTracer("test")
                    val client = CoroutineMemcacheClient {
                        servers(server.address())
                        listener(MemcacheTelemetry.of(otel))
                    }
                    client.use {
                        val parent = tracer.spanBuilder("handler").startSpan()
                        withContext(Dispatchers.Default + parent.asContextElement()) {
                            client.set("c", "v")
                            withContext(Dispatchers.IO) { client.get("c") }
                        }
                        parent.end()

                        val mine =
                            spans.finishedSpanItems.filter { it.attributes.get(operation) != null }
                        mine shouldHaveSize 2
                        for (s in mine) {
                            s.traceId shouldBe parent.spanContext.traceId
                            s.parentSpanId shouldBe parent.spanContext.spanId
                        }

                        // Many coroutines at once, each under its own span.
                        spans.reset()
                        val parents =
                            (0 until 50).map { i ->
                                tracer.spanBuilder("handler").setAttribute(key, "k$i").startSpan()
                            }
                        coroutineScope {
                            parents
                                .mapIndexed { i, p ->
                                    async(Dispatchers.Default + p.asContextElement()) {
                                        client.set("k$i", "v$i")
                                    }
                                }
                                .awaitAll()
                        }
                        parents.forEach { it.end() }
                        val sets: List<SpanData> =
                            spans.finishedSpanItems.filter { it.attributes.get(operation) == "set" }
                        sets shouldHaveSize 50
                        sets.map { it.parentSpanId }.toSet() shouldBe
                            parents.map { it.spanContext.spanId }.toSet()
                    }
                }
        }
    })
