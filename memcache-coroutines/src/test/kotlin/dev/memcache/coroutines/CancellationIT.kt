package dev.memcache.coroutines

import dev.memcache.core.MemcacheTimeoutException
import dev.memcache.core.codec.BasicValueCodec
import dev.memcache.core.codec.ValueCodec
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.comparables.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotStartWith
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executors
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.measureTime
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Cancellation at each moment of a call, `withTimeout`, the operation timeout, and where the caller
 * is resumed. A paused (SIGSTOP) server holds requests in flight deterministically.
 */
class CancellationIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        afterSpec { server.close() }

        for (protocol in PROTOCOLS) context("over $protocol") {
            suspend fun CoroutineMemcacheClient.seed(vararg keys: String) = keys.forEach {
                set(it, "value of $it")
            }
            suspend fun CoroutineMemcacheClient.cmdGet() =
                stats().getValue(server.address()).getValue("cmd_get").toLong()

            test("a call cancelled in flight never returns, and its late reply goes to no one") {
                clientFor(server, protocol).use { cache ->
                    cache.seed("inflight:a", "inflight:b")
                    server.pause()
                    val job = launch {
                        cache.get("inflight:a")
                        error("a cancelled call returned")
                    }
                    delay(100) // written, unanswered
                    measureTime { job.cancelAndJoin() } shouldBeLessThan 1.seconds
                    job.isCancelled shouldBe true
                    server.resume()
                    cache.get("inflight:b") shouldBe "value of inflight:b" // not a's drained reply
                }
            }

            test("a call cancelled before it is written is never sent") {
                clientFor(server, protocol) { maxInFlight = 1 }
                    .use { cache ->
                        cache.seed("unsent:a", "unsent:b")
                        val before = cache.cmdGet()
                        server.pause()
                        val first = async { cache.get("unsent:a") } // takes the only in-flight slot
                        delay(50)
                        val second = launch {
                            cache.get("unsent:b")
                            error("a cancelled call returned")
                        }
                        delay(50) // waiting for the slot, unsent
                        second.cancelAndJoin()
                        server.resume()
                        first.await() shouldBe "value of unsent:a"
                        cache.get("unsent:b") shouldBe "value of unsent:b"
                        cache.cmdGet() - before shouldBe
                            2 // first, and the get above: never the cancelled one
                    }
            }

            test("withTimeout cancels a call to a hung server and the connection recovers") {
                clientFor(server, protocol).use { cache ->
                    cache.seed("wt:a", "wt:b")
                    server.pause()
                    try {
                        val took = measureTime {
                            shouldThrow<TimeoutCancellationException> {
                                withTimeout(200.milliseconds) { cache.get("wt:a") }
                            }
                        }
                        took shouldBeLessThan 1.seconds
                    } finally {
                        server.resume()
                    }
                    cache.get("wt:b") shouldBe "value of wt:b"
                    withTimeout(5.seconds) { cache.get("wt:a") } shouldBe "value of wt:a"
                }
            }

            test("the operation timeout fails a call with MemcacheTimeoutException") {
                clientFor(server, protocol) { operationTimeout = 300.milliseconds }
                    .use { cache ->
                        cache.seed("ot:a")
                        server.pause()
                        try {
                            val took = measureTime {
                                shouldThrow<MemcacheTimeoutException> { cache.get("ot:a") }
                            }
                            took shouldBeLessThan 2.seconds
                        } finally {
                            server.resume()
                        }
                        cache.get("ot:a") shouldBe "value of ot:a"
                    }
            }

            test(
                "replies are decoded on the caller's dispatcher, never on the connection's reader"
            ) {
                val decodedOn = mutableListOf<String>()
                val recording =
                    object : ValueCodec by BasicValueCodec.INSTANCE {
                        override fun decode(key: String, flags: Int, bytes: ByteArray): Any {
                            synchronized(decodedOn) { decodedOn += Thread.currentThread().name }
                            return BasicValueCodec.INSTANCE.decode(key, flags, bytes)
                        }
                    }
                val caller =
                    Executors.newSingleThreadExecutor { Thread(it, "the-caller") }
                        .asCoroutineDispatcher()
                clientFor(server, protocol) { valueCodec = recording }
                    .use { cache ->
                        cache.seed("thread:a")
                        withContext(caller) {
                            cache.get("thread:a")
                            Thread.currentThread().name shouldStartWith
                                "the-caller" // debug mode appends the coroutine
                        }
                        decodedOn.last() shouldStartWith "the-caller"
                        // A dispatcher that never dispatches would run the caller in place: on the
                        // reader.
                        withContext(Dispatchers.Unconfined) {
                            cache.get("thread:a")
                            Thread.currentThread().name shouldNotStartWith "memcache-reader"
                        }
                        decodedOn.last() shouldNotStartWith "memcache-reader"
                        // No dispatcher at all, as in `suspend fun main`.
                        val resumedOn = CompletableFuture<String>()
                        suspend {
                                cache.get("thread:a")
                                Thread.currentThread().name
                            }
                            .startCoroutine(
                                Continuation(EmptyCoroutineContext) {
                                    resumedOn.complete(it.getOrThrow())
                                }
                            )
                        resumedOn.await() shouldNotStartWith "memcache-reader"
                    }
                caller.close()
            }
        }
    })
