package dev.memcache.coroutines

import dev.memcache.core.ClientConfig
import dev.memcache.core.Distribution
import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.lang.reflect.Proxy
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Building a client from settings or from a Java client, and what closing each one closes. */
class ClientConstructionIT :
    FunSpec({
        val memcached = MemcachedServer.builder().start()
        afterSpec { memcached.close() }

        suspend fun CoroutineMemcacheClient.totalConnections() =
            stats().getValue(memcached.address()).getValue("total_connections")

        test("the builder DSL sets the client's settings") {
            CoroutineMemcacheClient {
                servers(memcached.address())
                server("127.0.0.1", 11299, weight = 2)
                operationTimeout = 500.milliseconds
                hangTimeout = 3.seconds
                connectionsPerServer = 2
                keyPrefix = "app:"
                javaConfig {
                    retryDelay(JavaDuration.ofMillis(10))
                        .distribution(Distribution.PYTHON_MEMCACHED)
                }
            }
                .use { cache ->
                    val config = cache.config
                    config.servers().map { it.toString() }.size shouldBe 2
                    config.servers()[1].weight() shouldBe 2
                    config.operationTimeout() shouldBe JavaDuration.ofMillis(500)
                    config.hangTimeout() shouldBe JavaDuration.ofSeconds(3)
                    config.connectionsPerServer() shouldBe 2
                    config.keyPrefix() shouldBe "app:"
                    config.retryDelay() shouldBe JavaDuration.ofMillis(10)
                    cache.json shouldBe CoroutineMemcacheClient.DefaultJson
                }
        }

        test("a DSL left at its defaults builds the Java builder's config, derived settings too") {
            CoroutineMemcacheClient { servers(memcached.address()) }
                .use { cache ->
                    cache.config shouldBe
                        ClientConfig.builder().servers(memcached.address()).buildConfig()
                }
            CoroutineMemcacheClient {
                servers(memcached.address())
                operationTimeout = 5.seconds
            }
                .use { cache ->
                    cache.config.hangTimeout() shouldBe JavaDuration.ofSeconds(15)
                    cache.config shouldBe
                        ClientConfig.builder()
                            .servers(memcached.address())
                            .operationTimeout(JavaDuration.ofSeconds(5))
                            .buildConfig()
                }
        }

        test("a builder without servers, or with a bad setting, fails clearly") {
            shouldThrow<IllegalArgumentException> { CoroutineMemcacheClient {} }
                .message shouldContain "no servers"
            shouldThrow<IllegalArgumentException> {
                    CoroutineMemcacheClient {
                        servers(memcached.address())
                        maxInFlight = 0
                    }
                }
                .message shouldContain "maxInFlight"
        }

        for (protocol in PROTOCOLS) context("over $protocol") {
            test(
                "a client derived from a Java client shares its connections; closing it leaves them open"
            ) {
                MemcacheClient.builder()
                    .servers(memcached.address())
                    .protocol(protocol)
                    .build()
                    .use { java ->
                        java.set("shared", "from java")
                        val derived = java.asCoroutineClient()
                        val before = derived.totalConnections()
                        derived.get("shared") shouldBe "from java"
                        derived.set("shared", "from kotlin")
                        java.get("shared") shouldBe "from kotlin"
                        derived.close()
                        java.get("shared") shouldBe "from kotlin"
                        derived.get("shared") shouldBe "from kotlin"
                        derived.totalConnections() shouldBe before
                        CoroutineMemcacheClient(java).config shouldBe java.config()
                    }
            }

            test("closing the Java client fails the clients derived from it") {
                val java =
                    MemcacheClient.builder().servers(memcached.address()).protocol(protocol).build()
                val derived = java.asCoroutineClient()
                derived.set("k", "v")
                java.close()
                shouldThrow<IllegalStateException> { derived.get("k") }.message shouldBe
                    "client is closed"
            }

            test("closing a client built from settings closes its connections") {
                val cache = clientFor(memcached, protocol)
                cache.set("k", "v")
                cache.close()
                shouldThrow<IllegalStateException> { cache.get("k") }.message shouldBe
                    "client is closed"
            }
        }

        test("a Java client that is not ours is refused with a clear message") {
            val fake =
                Proxy.newProxyInstance(
                    MemcacheClient::class.java.classLoader,
                    arrayOf(MemcacheClient::class.java),
                ) { _, _, _ ->
                    null
                } as MemcacheClient
            shouldThrow<IllegalArgumentException> { fake.asCoroutineClient() }.message shouldContain
                "MemcacheClient.builder()"
        }
    })
