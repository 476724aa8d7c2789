package dev.memcache.coroutines

import dev.memcache.core.Protocol
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainOnly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.measureTime
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/** The meta protocol's commands as suspend functions, against a real memcached. */
class MetaCommandsIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        val cache = clientFor(server, Protocol.META)
        afterSpec {
            cache.close()
            server.close()
        }
        val callers = 200

        /**
         * Runs [call] in [callers] coroutines at once on the default dispatcher; returns their
         * results.
         */
        suspend fun <T> stampede(call: suspend () -> T): List<T> =
            withContext(Dispatchers.Default) {
                coroutineScope { (1..callers).map { async { call() } }.awaitAll() }
            }

        test("200 coroutines on a missing key compute it exactly once") {
            val computations = AtomicInteger()
            val got = stampede {
                cache.meta().getOrCompute("swr:missing", ttl = 5.minutes) {
                    computations.incrementAndGet()
                    delay(300) // every caller arrives while it runs
                    "computed"
                }
            }
            computations.get() shouldBe 1
            got shouldContainOnly listOf("computed")
            cache.get("swr:missing") shouldBe "computed"
        }

        test(
            "on an invalidated key one coroutine recomputes and the others get the stale value at once"
        ) {
            cache.set("swr:stale", "old", 5.minutes)
            cache.meta().invalidate("swr:stale", staleTtl = 30.seconds) shouldBe true
            val computations = AtomicInteger()
            val got = stampede {
                cache.meta().getOrCompute("swr:stale", ttl = 5.minutes) {
                    computations.incrementAndGet()
                    delay(300)
                    "new"
                }
            }
            computations.get() shouldBe 1
            got.count { it == "old" } shouldBe callers - 1
            cache.get("swr:stale") shouldBe "new"
        }

        test("a cancelled computation releases its placeholder: the next caller computes at once") {
            val started = CompletableDeferred<Unit>()
            coroutineScope {
                val winner = launch {
                    cache.meta().getOrCompute<String>("swr:cancelled", ttl = 5.minutes) {
                        started.complete(Unit)
                        awaitCancellation()
                    }
                }
                started.await()
                winner.cancelAndJoin()
            }
            val took = measureTime {
                cache.meta().getOrCompute("swr:cancelled", ttl = 5.minutes) { "second" } shouldBe
                    "second"
            }
            (took < 5.seconds) shouldBe true // not after the 10 s lease of the cancelled winner
        }

        test("a failed computation reaches its caller, and the next one computes") {
            val e =
                shouldThrow<IllegalStateException> {
                    cache.meta().getOrCompute<String>("swr:fails", ttl = 1.minutes) {
                        error("backend down")
                    }
                }
            e.message shouldBe "backend down"
            cache.meta().getOrCompute("swr:fails", ttl = 1.minutes) { "second" } shouldBe "second"
        }

        test("getOrComputeJson stores JSON text and reads it back without recomputing") {
            val ada = Profile(1, "Ada")
            cache.meta().getOrComputeJson("swr:json", Profile.serializer(), ttl = 5.minutes) {
                ada
            } shouldBe ada
            cache.getString("swr:json") shouldBe
                """{"id":1,"name":"Ada","tags":[],"address":null}"""
            cache.meta().getOrComputeJson("swr:json", Profile.serializer(), ttl = 5.minutes) {
                error("fresh values are not recomputed")
            } shouldBe ada
        }

        test("a missing key becomes a placeholder only the winner fills; plain reads see a miss") {
            val winner = cache.meta().get("meta:vivify", lease = 10.seconds)
            val loser = cache.meta().get("meta:vivify", lease = 10.seconds)
            (winner.won() && !winner.present()) shouldBe true
            (loser.winnerChosen() && !loser.present()) shouldBe true
            cache.get("meta:vivify").shouldBeNull()
            cache.cas("meta:vivify", "filled", winner.cas(), 1.minutes) shouldBe true
            cache.meta().get("meta:vivify", lease = 10.seconds).value() shouldBe "filled"
        }

        test("counters start at their initial value") {
            cache.meta().incr("meta:ctr", 5, initial = 100, ttl = 1.minutes) shouldBe 100
            cache.meta().incr("meta:ctr", 5, initial = 100) shouldBe 105
            cache.meta().decr("meta:ctr", 1000, initial = 100) shouldBe 0
            cache.incr("meta:ctr", 3) shouldBe 3
        }

        test("clients of other protocols refuse meta() with the reason") {
            for (protocol in listOf(Protocol.TEXT, Protocol.BINARY)) {
                clientFor(server, protocol).use { other ->
                    shouldThrow<UnsupportedOperationException> { other.meta() }
                        .message shouldContain "Protocol.META"
                }
            }
        }

        test("when a winner never stores, a waiting caller takes over once the lease ends") {
            cache.meta().get("swr:abandoned", lease = 1.seconds).won() shouldBe
                true // won, and never stores
            val took = measureTime {
                cache.meta().getOrCompute("swr:abandoned", ttl = 1.minutes, lease = 1.seconds) {
                    "taken over"
                } shouldBe "taken over"
            }
            // The placeholder expires with the 1 s lease (memcached's clock ticks in seconds), well
            // before the waiting caller would give up (lease + the 5 s operation timeout).
            (took < 4.seconds) shouldBe true
        }
    })
