package dev.memcache.coroutines

import dev.memcache.core.CacheEntry
import dev.memcache.core.MemcacheCasConflictException
import dev.memcache.core.Protocol
import dev.memcache.core.ValueTypeException
import dev.memcache.testkit.DebianPython
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigInteger
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

/**
 * Typed reads (the reified `get<T>()`, `getEntry<T>()`, `getMulti<T>()`) follow the Java client's
 * rules; `getEntry` tells a stored null (also one written by the Python clients) from a miss;
 * `update` is bounded by `updateAttempts` and throws [MemcacheCasConflictException]. Over every
 * protocol, against a real memcached.
 */
class TypedReadsIT :
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

            test("a Python int reads as every integer type it fits, and fails clearly otherwise") {
                val k = key("int")
                cache.set(k, 42)
                cache.get(k) shouldBe 42L
                cache.get<Int>(k) shouldBe 42
                cache.get<Short>(k) shouldBe 42.toShort()
                cache.get<Byte>(k) shouldBe 42.toByte()
                cache.get<Long>(k) shouldBe 42L
                cache.get<BigInteger>(k) shouldBe BigInteger.valueOf(42)
                cache.get<Int>(key("absent")).shouldBeNull()

                val large = key("large")
                cache.set(large, 3_000_000_000L)
                val e = shouldThrow<ValueTypeException> { cache.get<Int>(large) }
                e.key() shouldBe large
                e.storedType() shouldBe Long::class.javaObjectType
                e.requestedType() shouldBe Int::class.javaObjectType
                e.message shouldContain large
                val text = key("text")
                cache.set(text, "hello")
                shouldThrow<ValueTypeException> { cache.get<Long>(text) }.storedType() shouldBe
                    String::class.java
            }

            test("a typed multi-get converts every value and leaves misses out") {
                val a = key("a")
                val b = key("b")
                cache.set(a, 1)
                cache.set(b, 2L)
                cache.getMulti<Int>(listOf(a, b, key("missing"))) shouldBe mapOf(a to 1, b to 2)
                val text = key("text")
                cache.set(text, "x")
                shouldThrow<ValueTypeException> { cache.getMulti<Int>(listOf(a, text)) }
                    .key() shouldBe text
            }

            test("getEntry tells a stored null from a miss") {
                val none = key("none")
                val missing = key("missing")
                cache.set(none, null) shouldBe true
                cache.get(none).shouldBeNull()
                cache.getEntry(none).shouldNotBeNull().value().shouldBeNull()
                cache.getEntry<String>(none).shouldNotBeNull().value().shouldBeNull()
                cache.getEntry(missing).shouldBeNull()
                cache.getEntry<String>(missing).shouldBeNull()
                cache.getMulti(listOf(none, missing)) shouldBe mapOf(none to null)
                val five = key("five")
                cache.set(five, 5)
                cache.getEntry<Int>(five) shouldBe CacheEntry(5)
            }

            test("update gets null for an absent key and gives up after updateAttempts") {
                val k = key("absent")
                cache.update<String>(k) { it?.plus(";seen") ?: "seen" } shouldBe "seen"
                cache.update<String>(k) { it?.plus(";seen") ?: "seen" } shouldBe "seen;seen"

                clientFor(server, protocol) { updateAttempts = 2 }
                    .use { limited ->
                        limited.config.updateAttempts() shouldBe 2
                        val hot = key("hot")
                        var calls = 0
                        val e =
                            shouldThrow<MemcacheCasConflictException> {
                                limited.update<String>(hot) {
                                    cache.set(hot, "other${++calls}") // a writer wins each round
                                    "mine"
                                }
                            }
                        e.key() shouldBe hot
                        e.attempts() shouldBe 2
                        calls shouldBe 2
                        cache.get(hot) shouldBe "other2"
                    }
            }

            test("many racing writers with the default limit all store") {
                cache.config.updateAttempts() shouldBe 64
                val k = key("shared")
                coroutineScope {
                    (1..8)
                        .map {
                            async { repeat(25) { cache.update<Long>(k) { (it ?: 0L) + 1 } } }
                        }
                        .awaitAll()
                }
                cache.get(k) shouldBe 200L
            }
        }

        test("a None stored by each Python client is an entry holding null") {
            val cache = clients.getValue(Protocol.TEXT)
            DebianPython.requireModules("pylibmc", "pymemcache")
            python(
                "memcache",
                """
                import sys, memcache, pylibmc, pymemcache.client.base, pymemcache.serde
                memcache.Client([sys.argv[1]]).set('kt-none-pm', None)
                pylibmc.Client([sys.argv[1]]).set('kt-none-pl', None)
                pymemcache.client.base.Client(sys.argv[1], serde=pymemcache.serde.pickle_serde).set('kt-none-pc', None)
                """
                    .trimIndent(),
                server.address(),
            )
            for (k in listOf("kt-none-pm", "kt-none-pl", "kt-none-pc")) {
                cache.get(k).shouldBeNull()
                cache.getEntry(k).shouldNotBeNull().value().shouldBeNull()
            }
            cache.getEntry("kt-none-never").shouldBeNull()
        }
    })
