package dev.memcache.coroutines

import dev.memcache.core.Protocol
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable

/** A JSON value for [WithoutJavaModule]. */
@Serializable data class PageVisits(val n: Int)

/**
 * A Kotlin user's program that never touches the Java client: [NoJavaModuleIT] runs it in a class
 * loader without memcache-java. It must not name a `dev.memcache.java` type.
 */
object WithoutJavaModule {
    /** Runs every kind of call against the memcached at [address]; returns what each gave. */
    @JvmStatic
    fun run(address: String): List<String> = runBlocking {
        CoroutineMemcacheClient {
            servers(address)
            protocol = Protocol.META
            operationTimeout = 5.seconds
        }
            .use { cache ->
                val seen = mutableListOf<String>()
                cache.set("nojava:text", "hello")
                seen += "get=${cache.get<String>("nojava:text")}"
                seen += "update=${cache.update<Long>("nojava:n") { (it ?: 0L) + 1 }}"
                cache.setJson("nojava:json", PageVisits(1))
                seen +=
                    "updateJson=${cache.updateJson<PageVisits>("nojava:json") { it!!.copy(n = it.n + 1) }}"
                seen +=
                    "getOrCompute=${cache.meta().getOrCompute("nojava:swr", ttl = 1.minutes) { "computed" }}"
                seen +=
                    "cached=${cache.meta().getOrCompute("nojava:swr", ttl = 1.minutes) { "again" }}"
                seen += "incr=${cache.incr("nojava:c", 1, initial = 7)}"
                seen
            }
    }
}
