package dev.memcache.coroutines

import dev.memcache.core.FailurePolicy
import dev.memcache.core.Protocol
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** Durations past their limits, negative counter amounts and MISS on meta, from Kotlin. */
class ArgumentEdgeCasesIT :
    FunSpec({
        val memcached = MemcachedServer.builder().start()
        afterSpec { memcached.close() }

        test("a flush delay over 30 days is accepted as a future time and flushes nothing now") {
            clientFor(memcached, Protocol.META).use { cache ->
                cache.set("edge:flush", "kept").shouldBeTrue()
                cache.flushAll(31.days).shouldBeTrue()
                cache.flushAll((365 * 100).days).shouldBeTrue()
                cache.flushAll(Duration.INFINITE).shouldBeTrue()
                cache.get("edge:flush") shouldBe "kept"
                shouldThrow<IllegalArgumentException> { cache.flushAll((-1).seconds) }
                    .message shouldStartWith "flush delay must not be negative"
                cache.flushAll().shouldBeTrue()
                cache.get("edge:flush").shouldBeNull()
            }
        }

        test("an infinite TTL is clamped at the server's limit, not refused as negative") {
            clientFor(memcached, Protocol.META).use { cache ->
                cache.set("edge:ttl", "kept", Duration.INFINITE).shouldBeTrue()
                cache.get("edge:ttl") shouldBe "kept"
                cache.touch("edge:ttl", Duration.INFINITE).shouldBeTrue()
            }
        }

        test("an infinite lease is clamped like a TTL, not an overflow") {
            clientFor(memcached, Protocol.META).use { cache ->
                cache.meta().getOrCompute("edge:lease", 1.minutes, lease = Duration.INFINITE) {
                    "computed"
                } shouldBe "computed"
                cache.meta().getOrCompute("edge:lease", 1.minutes, lease = Duration.INFINITE) {
                    "again"
                } shouldBe "computed"
            }
        }

        test("negative counter amounts are refused before sending, in every facade") {
            clientFor(memcached, Protocol.META).use { cache ->
                cache.set("edge:ctr", "10").shouldBeTrue()
                val refusals =
                    listOf<suspend () -> Any?>(
                        { cache.incr("edge:ctr", -1) },
                        { cache.decr("edge:ctr", Long.MIN_VALUE) },
                        { cache.noReply.incr("edge:ctr", -1) },
                        { cache.noReply.decr("edge:ctr", -1) },
                        { cache.meta().incr("edge:ctr", -1, initial = 0) },
                        { cache.meta().decr("edge:ctr", -1, initial = 0) },
                    )
                for (call in refusals) {
                    shouldThrow<IllegalArgumentException> { call() }.message shouldStartWith
                        "delta must not be negative"
                }
                shouldThrow<IllegalArgumentException> {
                        cache.meta().incr("edge:ctr", 1, initial = -1)
                    }
                    .message shouldStartWith "initial value must not be negative"
                cache.incr("edge:ctr", 1) shouldBe 11L
            }
        }

        test("under MISS the meta commands of a dead server are misses like the classic ones") {
            val dead = MemcachedServer.builder().start()
            val address = dead.address()
            dead.kill()
            CoroutineMemcacheClient {
                servers(address)
                protocol = Protocol.META
                operationTimeout = 1.seconds
                javaConfig { failurePolicy(FailurePolicy.MISS) }
            }
                .use { cache ->
                    cache.get("k").shouldBeNull()
                    cache.meta().incr("k", 1, initial = 5).shouldBeNull()
                    cache.meta().invalidate("k", 1.minutes).shouldBeFalse()
                    val v = cache.meta().get("k", 1.minutes)
                    v.present().shouldBeFalse()
                    v.won().shouldBeTrue()
                    cache.meta().getOrCompute("k", 1.minutes) { "computed" } shouldBe "computed"
                    cache.stats() shouldBe emptyMap()
                    cache.flushAll().shouldBeFalse()
                }
            dead.close()
        }
    })
