package dev.memcache.samples.readme

import dev.memcache.coroutines.CoroutineMemcacheClient
import dev.memcache.coroutines.getJson // the reified JSON helpers are extensions: import them
import dev.memcache.coroutines.getMultiJson
import dev.memcache.coroutines.setJson
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.Serializable

@Serializable data class Product(val id: Int, val name: String) // kotlinx-serialization plugin

fun main() = runBlocking {
    val addresses = System.getenv("MEMCACHED_SERVERS") ?: "127.0.0.1:11211"
    val cache = CoroutineMemcacheClient {
        servers(addresses.split(","))
        operationTimeout = 1.seconds // the default; timeouts fail the call, not the connection
    }
    cache.use {
        // UTF-8 JSON under flags 16: the Python clients read a str
        cache.setJson("product:1", Product(1, "Lamp"), 10.minutes)
        val p: Product? = cache.getJson<Product>("product:1") // null on a miss
        val all: Map<String, Product> = cache.getMultiJson(listOf("product:1", "product:2"))
        // a cancelled call's reply is read and dropped: the connection never desyncs
        val slow = withTimeoutOrNull(50.milliseconds) { cache.get("slow") }
        println("$p ${all.size} $slow")
    }
}
