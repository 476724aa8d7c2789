package dev.memcache.coroutines

import dev.memcache.core.MemcacheException
import dev.memcache.core.Protocol
import dev.memcache.core.ValueTypeException
import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.maps.shouldContainKey
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotBeBlank
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList

/** Every operation of the coroutine client against a real memcached, once per protocol. */
class OperationsIT :
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

            test("get returns null on a miss and the stored value on a hit") {
                val k = key("get")
                cache.get(k).shouldBeNull()
                cache.set(k, "hello") shouldBe true
                cache.get(k) shouldBe "hello"
            }

            test("typed gets return strings, bytes and numbers and refuse another type") {
                val s = key("s")
                val b = key("b")
                val l = key("l")
                cache.set(s, "ünïcode ✓")
                cache.set(b, byteArrayOf(0, 1, 2, -1))
                cache.set(l, 42L)
                cache.getString(s) shouldBe "ünïcode ✓"
                cache.getBytes(b)!!.toList() shouldBe listOf<Byte>(0, 1, 2, -1)
                cache.get(l, Long::class) shouldBe 42L
                cache.getString(key("absent")).shouldBeNull()
                shouldThrow<ValueTypeException> { cache.getBytes(s) }
            }

            test("an item set with a TTL expires") {
                val k = key("ttl")
                cache.set(k, "brief", ttl = 1.seconds) shouldBe true
                cache.get(k) shouldBe "brief"
                delay(2_500) // memcached's clock has one-second ticks
                cache.get(k).shouldBeNull()
            }

            test("add stores only when absent and replace only when present") {
                val k = key("add")
                cache.replace(k, "r") shouldBe false
                cache.add(k, "a", 1.minutes) shouldBe true
                cache.add(k, "b") shouldBe false
                cache.replace(k, "c") shouldBe true
                cache.get(k) shouldBe "c"
            }

            test("append and prepend extend an existing value and fail on a missing one") {
                val k = key("pend")
                cache.append(k, "x") shouldBe false
                cache.set(k, "b")
                cache.append(k, "c") shouldBe true
                cache.prepend(k, "a") shouldBe true
                cache.get(k) shouldBe "abc"
            }

            test("gets and cas store only over the version that was read") {
                val k = key("cas")
                cache.gets(k).shouldBeNull()
                cache.set(k, "v1")
                val read = cache.gets(k).shouldNotBeNull()
                read.value() shouldBe "v1"
                cache.cas(k, "v2", read.cas()) shouldBe true
                cache.cas(k, "v3", read.cas()) shouldBe false
                cache.get(k) shouldBe "v2"
            }

            test("delete removes a key and reports a missing one") {
                val k = key("del")
                cache.set(k, "x")
                cache.delete(k) shouldBe true
                cache.delete(k) shouldBe false
                cache.get(k).shouldBeNull()
            }

            test("incr and decr count unsigned, floor at zero and wrap at 2^64") {
                val k = key("counter")
                cache.incr(k, 1).shouldBeNull()
                cache.set(k, 10L)
                cache.incr(k, 5) shouldBe 15L
                cache.decr(k, 20) shouldBe 0L
                cache.set(k, "18446744073709551615")
                cache.incr(k, 1) shouldBe 0L
            }

            test("touch, getAndTouch and getsAndTouch refresh a TTL and report misses") {
                val k = key("touch")
                cache.touch(k, 1.minutes) shouldBe false
                cache.getAndTouch(k, 1.minutes).shouldBeNull()
                cache.getsAndTouch(k, 1.minutes).shouldBeNull()
                cache.set(k, "t", ttl = 1.seconds)
                cache.touch(k, 1.minutes) shouldBe true
                cache.getAndTouch(k, 1.minutes) shouldBe "t"
                cache.getsAndTouch(k, 1.minutes).shouldNotBeNull().value() shouldBe "t"
                delay(2_500)
                cache.get(k) shouldBe "t" // the one-second TTL was replaced
            }

            test("getMulti returns the hits as a map and leaves misses out") {
                val a = key("ma")
                val b = key("mb")
                cache.set(a, "A")
                cache.set(b, 2L)
                cache.getMulti(listOf(a, b, key("mc"), a)) shouldBe mapOf(a to "A", b to 2L)
                cache.getMulti(emptyList()) shouldBe emptyMap()
            }

            test("getMultiFlow streams the hits of a large key set in chunks") {
                val keys = (0 until 1_000).map { key("flow$it") }
                keys.filterIndexed { i, _ -> i % 2 == 0 }.forEach { cache.noReply.set(it, "v-$it") }
                val found = cache.getMultiFlow(keys, chunkSize = 7, concurrency = 3).toList()
                found.size shouldBe 500
                found.toMap() shouldBe
                    keys.filterIndexed { i, _ -> i % 2 == 0 }.associateWith { "v-$it" }
            }

            test("update applies a suspend transform with gets/cas, even under contention") {
                val k = key("update")
                coroutineScope {
                    List(20) {
                            async {
                                cache.update<Long>(k) { current ->
                                    delay(1)
                                    (current ?: 0L) + 1
                                }
                            }
                        }
                        .awaitAll()
                }
                cache.get(k) shouldBe 20L
            }

            test("noReply writes are applied before later requests on the connection") {
                val k = key("noreply")
                cache.noReply.set(k, "1")
                cache.noReply.append(k, "2")
                cache.noReply.prepend(k, "0")
                cache.get(k) shouldBe "012"
                cache.noReply.add(k, "ignored")
                cache.noReply.replace(k, "5")
                cache.noReply.incr(k, 2)
                cache.noReply.decr(k, 1)
                cache.noReply.touch(k, 1.minutes)
                cache.get(k) shouldBe "6" // incr keeps the text flags
                cache.noReply.delete(k)
                cache.get(k).shouldBeNull()
            }

            test("a bad key fails before anything is sent") {
                // Binary keys may hold any bytes and meta sends such keys in base64: only text
                // refuses them.
                if (protocol == Protocol.TEXT)
                    shouldThrow<IllegalArgumentException> { cache.get("foo\r\nflush_all") }
                shouldThrow<IllegalArgumentException> { cache.get("k".repeat(251)) }
                shouldThrow<IllegalArgumentException> { cache.set("", "x") }
                shouldThrow<IllegalArgumentException> {
                    cache.set(key("neg"), "x", ttl = (-1).seconds)
                }
            }

            test("stats, version and verbosity answer for every server") {
                cache.stats().getValue(server.address()) shouldContainKey "pid"
                cache.stats("settings").getValue(server.address()) shouldContainKey "maxbytes"
                cache.version().getValue(server.address()).shouldNotBeBlank()
                // memcached 1.6 misreads a binary verbosity request, so the client refuses it
                // before sending.
                if (protocol == Protocol.BINARY)
                    shouldThrow<UnsupportedOperationException> { cache.verbosity(0) }
                else cache.verbosity(0)
                shouldThrow<IllegalArgumentException> { cache.stats("bad group") }
            }

            test("the key prefix is applied to every key") {
                val prefixed = clientFor(server, protocol) { keyPrefix = "ns:" }
                prefixed.use { it.set("pk-$protocol", "in namespace") }
                MemcacheClient.builder().servers(server.address()).protocol(protocol).build().use {
                    java ->
                    java.get("ns:pk-$protocol") shouldBe "in namespace"
                }
            }

            test("flushAll invalidates every item, now or after a delay") {
                val k = key("flush")
                cache.set(k, "x")
                cache.flushAll(delay = 30.seconds)
                cache.get(k) shouldBe "x"
                cache.flushAll()
                cache.get(k).shouldBeNull()
            }

            test("update gives up after losing 64 races in a row") {
                val k = key("hot")
                cache.set(k, 0L)
                shouldThrow<MemcacheException> {
                    cache.update<Long>(k) { current ->
                        cache.incr(k, 1)
                        (current ?: 0L) + 100
                    }
                }
            }
        }
    })
