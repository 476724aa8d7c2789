package dev.memcache.coroutines

import dev.memcache.core.FailurePolicy
import dev.memcache.core.Protocol
import dev.memcache.core.codec.PythonValueCodec
import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.flow.toList

/**
 * A closed client is a bug in the caller, never a cache miss: every call of every facade throws
 * `IllegalStateException("client is closed")` under every failure policy.
 */
class ClosedClientIT :
    FunSpec({
        val memcached = MemcachedServer.builder().start()
        afterSpec { memcached.close() }
        val ttl = 1.minutes

        val calls: Map<String, suspend (CoroutineMemcacheClient) -> Any?> =
            linkedMapOf(
                "get" to { c -> c.get("k") },
                "getString" to { c -> c.getString("k") },
                "getBytes" to { c -> c.getBytes("k") },
                "getMulti" to { c -> c.getMulti(listOf("k", "j")) },
                "getMulti of nothing" to { c -> c.getMulti(emptyList()) },
                "getMultiFlow" to { c -> c.getMultiFlow(listOf("k", "j")).toList() },
                "gets" to { c -> c.gets("k") },
                "getAndTouch" to { c -> c.getAndTouch("k", ttl) },
                "getsAndTouch" to { c -> c.getsAndTouch("k", ttl) },
                "set" to { c -> c.set("k", "v") },
                "add" to { c -> c.add("k", "v") },
                "replace" to { c -> c.replace("k", "v") },
                "append" to { c -> c.append("k", "v") },
                "prepend" to { c -> c.prepend("k", "v") },
                "cas" to { c -> c.cas("k", "v", 1, ttl) },
                "delete" to { c -> c.delete("k") },
                "incr" to { c -> c.incr("k", 1) },
                "decr" to { c -> c.decr("k", 1) },
                "incr with initial" to { c -> c.incr("k", 1, initial = 0) },
                "decr with initial" to { c -> c.decr("k", 1, initial = 0) },
                "setMulti" to { c -> c.setMulti(mapOf("k" to "v", "j" to "w")) },
                "setMulti of nothing" to { c -> c.setMulti(emptyMap()) },
                "deleteMulti" to { c -> c.deleteMulti(listOf("k", "j")) },
                "touch" to { c -> c.touch("k", ttl) },
                "update" to { c -> c.update<String>("k") { "v" } },
                "getJson" to { c -> c.getJson<Point2>("k") },
                "setJson" to { c -> c.setJson("k", Point2(1, 2)) },
                "flushAll" to { c -> c.flushAll() },
                "flushAll later" to { c -> c.flushAll(31.days) },
                "stats" to { c -> c.stats() },
                "version" to { c -> c.version() },
                "verbosity" to { c -> c.verbosity(1) },
                "noReply.set" to { c -> c.noReply.set("k", "v") },
                "noReply.add" to { c -> c.noReply.add("k", "v") },
                "noReply.replace" to { c -> c.noReply.replace("k", "v") },
                "noReply.append" to { c -> c.noReply.append("k", "v") },
                "noReply.prepend" to { c -> c.noReply.prepend("k", "v") },
                "noReply.delete" to { c -> c.noReply.delete("k") },
                "noReply.incr" to { c -> c.noReply.incr("k", 1) },
                "noReply.decr" to { c -> c.noReply.decr("k", 1) },
                "noReply.setMulti" to { c -> c.noReply.setMulti(mapOf("k" to "v")) },
                "noReply.deleteMulti" to { c -> c.noReply.deleteMulti(listOf("k")) },
                "noReply.touch" to { c -> c.noReply.touch("k", ttl) },
                "meta().get" to { c -> c.meta().get("k", ttl) },
                "meta().getOrCompute" to { c -> c.meta().getOrCompute("k", ttl) { "v" } },
                "meta().invalidate" to { c -> c.meta().invalidate("k", ttl) },
                "meta().incr" to { c -> c.meta().incr("k", 1, initial = 0) },
                "meta().decr" to { c -> c.meta().decr("k", 1, initial = 0) },
            )

        /** The client under test, by how it was made, closed as its owner closes it. */
        fun closed(policy: FailurePolicy, how: String): CoroutineMemcacheClient {
            val configure: CoroutineMemcacheClientBuilder.() -> Unit = {
                javaConfig { failurePolicy(policy) }
            }
            return when (how) {
                "client" -> clientFor(memcached, Protocol.META, configure).also { it.close() }
                "withValueCodec view" -> {
                    val owner = clientFor(memcached, Protocol.META, configure)
                    owner
                        .withValueCodec(PythonValueCodec.builder().compressionThreshold(10).build())
                        .also { owner.close() }
                }
                else -> {
                    val java =
                        MemcacheClient.builder()
                            .servers(memcached.address())
                            .protocol(Protocol.META)
                            .failurePolicy(policy)
                            .build()
                    java.asCoroutineClient().also { java.close() }
                }
            }
        }

        for (policy in FailurePolicy.entries) {
            for (how in
                listOf("client", "withValueCodec view", "client derived from a Java client")) {
                test("under $policy every call on a closed $how throws IllegalStateException") {
                    val client = closed(policy, how)
                    for ((name, call) in calls) {
                        val e = shouldThrow<IllegalStateException> { call(client) }
                        withClue(name) { e.message shouldBe "client is closed" }
                    }
                }
            }
        }

        test("closing twice is harmless and a zero-length flush delay is still refused as closed") {
            val client = clientFor(memcached, Protocol.TEXT)
            client.close()
            client.close()
            shouldThrow<IllegalStateException> { client.flushAll(Duration.ZERO) }
        }
    })

@kotlinx.serialization.Serializable internal data class Point2(val x: Int, val y: Int)
