package dev.memcache.coroutines

import dev.memcache.testkit.MemcachedServer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReferenceArray
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * 10,000 coroutines share ONE connection; a random third are cancelled at random moments: before
 * their request is written (it waits for one of few in-flight slots), while it is in flight, and
 * while its reply is being read (values up to 12 KB often straddle the reader's 64 KiB reads).
 * Every survivor must get its own key's value, and the connection must stay healthy and never be
 * reopened. The same holds on a quiet connection, a handful of callers whose reader polls for their
 * replies.
 */
class CancellationStormIT :
    FunSpec({
        val server =
            MemcachedServer.builder()
                .memoryMb(256)
                .start() // room for every value: a miss would be an eviction
        afterSpec { server.close() }

        for (protocol in PROTOCOLS) test(
            "over $protocol, no coroutine ever receives another key's value"
        ) {
            val calls = 10_000
            fun key(i: Int) = "storm:$protocol:$i"

            clientFor(server, protocol) {
                    connectionsPerServer = 1
                    // So many requests wait unsent, where a cancellation must skip them
                    maxInFlight = 256
                    operationTimeout = 60.seconds
                }
                .use { cache ->
                    val connectionsBefore = cache.store(server, calls, ::key)

                    val gotBefore = cache.cmdGet(server)
                    val outcomes = AtomicReferenceArray<Any?>(calls)
                    val failures = ConcurrentLinkedQueue<Throwable>()
                    val started = AtomicInteger()
                    val cancelledWhileSuspended = AtomicInteger()
                    val random = Random(seed = 6)
                    val jobs = ArrayList<Job>(calls)
                    withContext(Dispatchers.Default) {
                        for (i in 0 until calls) {
                            jobs += launch {
                                started.incrementAndGet()
                                try {
                                    outcomes.set(i, cache.get(key(i)) ?: "MISS")
                                } catch (e: CancellationException) {
                                    cancelledWhileSuspended.incrementAndGet()
                                    throw e
                                } catch (e: Throwable) {
                                    failures += e
                                }
                            }
                            if (random.nextInt(3) == 0)
                                cancelAtRandom(
                                    jobs.last(),
                                    random.nextInt(4),
                                    random.nextLong(200_000),
                                )
                        }
                        jobs.joinAll()
                    }

                    failures.shouldBeEmpty()
                    for (i in 0 until calls) if (outcomes.get(i) == null)
                        jobs[i].isCancelled shouldBe true
                    val survivors = survivorsWithOwnValues(outcomes)
                    val notStarted = calls - started.get()
                    val sent = cache.cmdGet(server) - gotBefore
                    val abandonedUnsent = started.get() - sent
                    println(
                        "storm over $protocol: $survivors returned their own value; cancelled: $notStarted before starting, " +
                            "${cancelledWhileSuspended.get()} while suspended ($abandonedUnsent of them before their request was written)"
                    )
                    notStarted shouldBeGreaterThan 0
                    abandonedUnsent shouldBeGreaterThan 0L
                    cancelledWhileSuspended.get().toLong() - abandonedUnsent shouldBeGreaterThan
                        0L // abandoned in flight
                    survivors + notStarted + cancelledWhileSuspended.get() shouldBe calls

                    // Healthy afterwards: the same connection answers correctly and was never
                    // reopened.
                    cache.get(key(0)) shouldBe stormValue(0)
                    cache.getMulti((0 until 500).map(::key)) shouldBe
                        (0 until 500).associate { key(it) to stormValue(it) }
                    cache.connections(server) shouldBe connectionsBefore
                }
        }

        for (protocol in PROTOCOLS) test(
            "over $protocol, a quiet connection's callers never receive another key's value"
        ) {
            // Three coroutines, each awaiting its own call before the next: never more than three
            // requests in flight, so the connection's reader polls for replies instead of
            // sleeping (QuietConnectionIT). A third of the calls are cancelled at random moments.
            val workers = 3
            val callsEach = 1_500
            val calls = workers * callsEach
            fun key(i: Int) = "quiet:$protocol:$i"

            clientFor(server, protocol) { connectionsPerServer = 1 }
                .use { cache ->
                    val connectionsBefore = cache.store(server, calls, ::key)

                    val gotBefore = cache.cmdGet(server)
                    val outcomes = AtomicReferenceArray<Any?>(calls)
                    val cancelled = AtomicInteger()
                    val failures = ConcurrentLinkedQueue<Throwable>()
                    withContext(Dispatchers.Default) {
                        (0 until workers)
                            .map { w ->
                                launch {
                                    val random = Random(seed = w)
                                    for (j in 0 until callsEach) {
                                        val i = w * callsEach + j
                                        val job = launch {
                                            try {
                                                outcomes.set(i, cache.get(key(i)) ?: "MISS")
                                            } catch (e: CancellationException) {
                                                throw e
                                            } catch (e: Throwable) {
                                                failures += e
                                            }
                                        }
                                        if (random.nextInt(3) == 0)
                                            cancelAtRandom(
                                                job,
                                                random.nextInt(3), // at once or within 200 us
                                                random.nextLong(200_000),
                                            )
                                        job.join()
                                        if (job.isCancelled) cancelled.incrementAndGet()
                                    }
                                }
                            }
                            .joinAll()
                    }

                    failures.shouldBeEmpty()
                    val survivors = survivorsWithOwnValues(outcomes)
                    // Requests the server answered for callers already cancelled: dropped replies
                    val abandonedInFlight = cache.cmdGet(server) - gotBefore - survivors
                    println(
                        "quiet storm over $protocol: $survivors returned their own value, ${cancelled.get()} cancelled " +
                            "($abandonedInFlight of them after their request was written)"
                    )
                    abandonedInFlight shouldBeGreaterThan 0L
                    survivors shouldBeGreaterThan calls / 2
                    cache.get(key(0)) shouldBe stormValue(0)
                    cache.connections(server) shouldBe connectionsBefore
                }
        }
    })

private suspend fun CoroutineMemcacheClient.cmdGet(server: MemcachedServer) =
    stats().getValue(server.address()).getValue("cmd_get").toLong()

/** The server's count of connections ever opened: a storm must reopen none. */
private suspend fun CoroutineMemcacheClient.connections(server: MemcachedServer) =
    stats().getValue(server.address()).getValue("total_connections")

/** Values up to 12 KB, which often straddle the reader's 64 KiB reads. */
private fun stormValue(i: Int) = "value-$i:" + "x".repeat(i * 7_919 % 12_000)

/** The calls that got a value (not cancelled); fails when any got another key's value. */
private fun survivorsWithOwnValues(outcomes: AtomicReferenceArray<Any?>): Int {
    val wrong = mutableListOf<String>()
    var survivors = 0
    for (i in 0 until outcomes.length()) {
        val got = outcomes.get(i) ?: continue
        survivors++
        if (got != stormValue(i)) wrong += "call $i got '${got.toString().take(16)}...'"
    }
    wrong.shouldBeEmpty() // every survivor got its own key's value, never another's
    return survivors
}

/** Stores [calls] storm values under [key] and returns the server's [connections] count. */
private suspend fun CoroutineMemcacheClient.store(
    server: MemcachedServer,
    calls: Int,
    key: (Int) -> String,
): String {
    for (i in 0 until calls) noReply.set(key(i), stormValue(i))
    get(key(calls - 1)) shouldBe stormValue(calls - 1)
    return connections(server)
}

/**
 * Cancels [job] at once (0), after spinning up to 200 microseconds (1, 2) or after up to 20 ms (3).
 */
private fun kotlinx.coroutines.CoroutineScope.cancelAtRandom(job: Job, mode: Int, nanos: Long) {
    when (mode) {
        0 -> job.cancel()
        1,
        2 ->
            Thread.ofVirtual().start {
                val until = System.nanoTime() + nanos
                while (System.nanoTime() < until) Thread.onSpinWait()
                job.cancel()
            }
        else ->
            launch {
                delay(nanos / 10_000)
                job.cancel()
            }
    }
}
