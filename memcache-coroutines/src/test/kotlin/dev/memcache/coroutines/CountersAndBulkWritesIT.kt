package dev.memcache.coroutines

import dev.memcache.core.InvalidKeyException
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext

/**
 * Counters with an initial value and bulk writes from coroutines, against a real memcached, once
 * per protocol: the same core as the Java client, so the same results.
 */
class CountersAndBulkWritesIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        val clients = PROTOCOLS.associateWith { clientFor(server, it) }
        afterSpec {
            clients.values.forEach { it.close() }
            server.close()
        }
        var n = 0

        for ((protocol, cache) in clients) context("over the $protocol protocol") {
            fun key(name: String) = "$protocol:$name:${n++}"

            test("a missing counter is created holding initial, then counts; decr stops at 0") {
                val k = key("ctr")
                val created: Long = cache.incr(k, 5, initial = 100, ttl = 1.minutes)
                created shouldBe 100
                cache.incr(k, 5, initial = 100) shouldBe 105
                cache.decr(k, 1000, initial = 100) shouldBe 0
                cache.decr(key("d"), 3, initial = 7) shouldBe 7
                shouldThrow<IllegalArgumentException> { cache.incr(k, -1, initial = 0) }
                shouldThrow<IllegalArgumentException> { cache.incr(k, 1, initial = -1) }
            }

            test("coroutines racing to create a counter never initialise it twice") {
                val k = key("race")
                val seen =
                    withContext(Dispatchers.Default) {
                        coroutineScope {
                            (1..200).map { async { cache.incr(k, 1, initial = 0) } }.awaitAll()
                        }
                    }
                seen.sorted() shouldBe (0L until 200L).toList()
                cache.incr(k, 0) shouldBe 199L
            }

            test("setMulti stores and reports every key; deleteMulti reports deleted and absent") {
                val values = (0 until 250).associate { key("bulk") to "v$it" }
                val stored = cache.setMulti(values, ttl = 5.minutes)
                stored.keys.toList() shouldBe values.keys.toList()
                stored.values.all { it } shouldBe true
                cache.getMulti(values.keys) shouldBe values
                val absent = key("absent")
                val deleted = cache.deleteMulti(values.keys + absent)
                deleted[absent] shouldBe false
                deleted.filterKeys { it != absent }.values.all { it } shouldBe true
                cache.getMulti(values.keys) shouldBe emptyMap()
            }

            test("bad input fails a bulk write before anything is sent") {
                val good = (0 until 10).associate { key("good") to "v" }
                shouldThrow<InvalidKeyException> {
                    cache.setMulti(good + ("k".repeat(251) to "v"))
                }
                cache.getMulti(good.keys) shouldBe emptyMap()
            }

            test("noReply bulk writes are seen by the next read") {
                val values = (0 until 150).associate { key("quiet") to "q$it" }
                cache.noReply.setMulti(values)
                cache.getMulti(values.keys) shouldBe values
                cache.noReply.deleteMulti(values.keys)
                cache.getMulti(values.keys) shouldBe emptyMap()
            }
        }
    })
