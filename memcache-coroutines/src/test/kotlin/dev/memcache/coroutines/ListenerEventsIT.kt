package dev.memcache.coroutines

import dev.memcache.core.MemcacheTimeoutException
import dev.memcache.core.ServerAddress
import dev.memcache.core.event.MemcacheListener
import dev.memcache.core.event.RequestEvent
import dev.memcache.core.event.RequestEvent.Outcome
import dev.memcache.testkit.HostileServer
import dev.memcache.testkit.MemcachedFleet
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

/** What a listener hears of a Kotlin caller: the same events, on the caller's dispatcher. */
class ListenerEventsIT :
    FunSpec({
        val fleet = MemcachedFleet(2)
        afterSpec { fleet.close() }

        /** Writes down each finished request with the threads that started and finished it. */
        class Recorder : MemcacheListener {
            val finished = ConcurrentLinkedQueue<Triple<RequestEvent, String, String>>()

            override fun requestStarted(operation: String, server: ServerAddress): Any =
                Thread.currentThread().name

            override fun requestFinished(event: RequestEvent, started: Any?) {
                finished += Triple(event, started as String, Thread.currentThread().name)
            }
        }

        val callers = Executors.newFixedThreadPool(2) { Thread(it, "kotlin-caller") }
        afterSpec { callers.shutdownNow() }
        val dispatcher = callers.asCoroutineDispatcher()

        test(
            "a hundred sets and gets are two hundred events, begun and ended on the caller's dispatcher"
        ) {
            val heard = Recorder()
            CoroutineMemcacheClient {
                servers(fleet.addresses())
                listener(heard)
            }
                .use { cache ->
                    withContext(dispatcher) {
                        for (i in 0 until 100) cache.set("k$i", "v$i")
                        for (i in 0 until 100) cache.get(if (i % 2 == 0) "k$i" else "none$i")
                    }
                }
            heard.finished shouldHaveSize 200
            val where = fleet.locate((0 until 100).map { "k$it" })
            val sets = heard.finished.filter { it.first.operation() == "set" }
            val gets = heard.finished.filter { it.first.operation() == "get" }
            sets shouldHaveSize 100
            gets shouldHaveSize 100
            sets.forEachIndexed { i, (event, _, _) ->
                event.outcome() shouldBe Outcome.STORED
                event.server().toString() shouldBe fleet.servers()[where[i]].address()
            }
            gets.forEachIndexed { i, (event, _, _) ->
                event.outcome() shouldBe if (i % 2 == 0) Outcome.HIT else Outcome.MISS
            }
            for ((_, startedOn, finishedOn) in heard.finished) {
                // (kotlinx's debug mode appends the coroutine's name to the thread's)
                startedOn shouldStartWith "kotlin-caller"
                finishedOn shouldStartWith "kotlin-caller"
            }
        }

        test("a cancelled call and a timed out call are error events, never on a reader") {
            val heard = Recorder()
            HostileServer.start().use { silent ->
                CoroutineMemcacheClient {
                    servers(silent.address())
                    operationTimeout = 300.milliseconds
                    hangTimeout = 30.seconds
                    listener(heard)
                }
                    .use { cache ->
                        withContext(dispatcher) {
                            val pending = async { cache.get("cancelled") }
                            delay(50)
                            pending.cancelAndJoin()
                            val timeout =
                                shouldThrow<MemcacheTimeoutException> { cache.get("late") }
                            timeout.message shouldContain "(operationTimeout 300 ms)"
                            timeout.message shouldContain "1 request ahead of it still unanswered"
                        }
                    }
            }
            heard.finished shouldHaveSize 2
            val (cancelled, startedOn, finishedOn) =
                heard.finished.first { it.first.operation() == "get" }
            cancelled.outcome() shouldBe Outcome.ERROR
            cancelled.error().shouldBeInstanceOf<CancellationException>()
            startedOn shouldStartWith "kotlin-caller"
            finishedOn shouldStartWith "kotlin-caller"
            val late = heard.finished.last()
            late.first.outcome() shouldBe Outcome.ERROR
            late.first.error().shouldBeInstanceOf<MemcacheTimeoutException>()
            late.third shouldStartWith "kotlin-caller"
        }
    })
