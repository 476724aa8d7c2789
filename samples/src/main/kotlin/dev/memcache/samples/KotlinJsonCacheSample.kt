@file:JvmName("KotlinJsonCacheSample")

package dev.memcache.samples

import dev.memcache.coroutines.CoroutineMemcacheClient
import dev.memcache.coroutines.getJson
import dev.memcache.coroutines.setJson
import dev.memcache.coroutines.updateJson
import dev.memcache.testkit.MemcachedServer
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.measureTimedValue
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable

// A product catalog service that caches JSON in memcached (cache-aside), built with structured
// concurrency. Python services can read the same entries: they are UTF-8 text (flags 16), so
// python-memcached, pylibmc and pymemcache return a str that json.loads accepts.
//
// Run: MEMCACHED_SERVERS=host:port[,host:port] to use running servers; otherwise the sample
// starts its own memcached (the test kit) and stops it at the end.

@Serializable
data class Product(
    val id: Int,
    val name: String,
    val priceCents: Long,
    val tags: List<String> = emptyList(),
)

@Serializable data class Review(val author: String, val stars: Int, val text: String)

@Serializable
data class ProductPage(val product: Product, val reviews: List<Review>, val views: Long)

/** The slow source of truth (a database, another service): 100 ms a query. */
class CatalogDatabase {
    val queries = AtomicInteger()

    suspend fun product(id: Int): Product {
        query()
        return Product(
            id,
            "Product #$id",
            priceCents = 999L + id,
            tags = listOf("sample", if (id % 2 == 0) "even" else "odd"),
        )
    }

    suspend fun reviews(id: Int): List<Review> {
        query()
        return List(id % 3 + 1) {
            Review("reviewer-$it", stars = 3 + it % 3, text = "Review $it of product $id ✓")
        }
    }

    private suspend fun query() {
        queries.incrementAndGet()
        delay(100)
    }
}

/** Pages assembled from cached parts; each part falls back to the database on a miss. */
class CatalogService(private val cache: CoroutineMemcacheClient, private val db: CatalogDatabase) {

    /**
     * Product, reviews and view count fetched concurrently; if one fails, the others are cancelled.
     */
    suspend fun page(id: Int): ProductPage = coroutineScope {
        val product = async { cached("product:$id") { db.product(id) } }
        val reviews = async { cached("reviews:$id") { db.reviews(id) } }
        val views = async { countView(id) }
        ProductPage(product.await(), reviews.await(), views.await())
    }

    /** Cache-aside: the JSON entry under [key], or [load] it and cache it for ten minutes. */
    private suspend inline fun <reified T> cached(
        key: String,
        crossinline load: suspend () -> T,
    ): T = cache.getJson<T>(key) ?: load().also { cache.setJson(key, it, ttl = 10.minutes) }

    /** A counter shared by every instance of the service: incr, created by the first view. */
    private suspend fun countView(id: Int): Long {
        val key = "views:$id"
        return cache.incr(key, 1) ?: if (cache.add(key, 1L)) 1 else cache.incr(key, 1)!!
    }

    /** Changes a price everywhere at once: a compare-and-set update of the cached JSON. */
    suspend fun reprice(id: Int, priceCents: Long): Product =
        cache.updateJson<Product>("product:$id", ttl = 10.minutes) { current ->
            (current ?: db.product(id)).copy(priceCents = priceCents)
        }

    /** Which products are already cached, streamed as the servers answer. */
    suspend fun cachedProducts(ids: List<Int>): List<Int> =
        cache.getMultiFlow(ids.map { "product:$it" }, chunkSize = 2).toList().map { (key, _) ->
            key.substringAfter(':').toInt()
        }

    /** Removes this sample's entries, so every run starts cold. */
    suspend fun forget(ids: List<Int>) {
        coroutineScope {
            ids.flatMap { listOf("product:$it", "reviews:$it", "views:$it") }
                .map { async { cache.delete(it) } }
                .awaitAll()
        }
    }

    /** The raw text a Python client would read for a product. */
    suspend fun rawJson(id: Int): String? = cache.getString("product:$id")
}

fun main(): Unit = runBlocking {
    val configured = System.getenv("MEMCACHED_SERVERS")?.takeIf { it.isNotBlank() }
    val own = if (configured == null) MemcachedServer.builder().start() else null
    val addresses = configured?.split(',')?.map(String::trim) ?: listOf(own!!.address())
    println(
        "memcached: ${addresses.joinToString()}" +
            if (own != null) " (started by this sample)" else ""
    )
    try {
        CoroutineMemcacheClient {
            servers(addresses)
            // A namespace, so a shared server's other keys are untouched
            keyPrefix = "kotlin-sample:"
            operationTimeout = 500.milliseconds
        }
            .use { cache -> runService(cache) }
    } finally {
        own?.close()
        if (own != null) println("stopped the memcached this sample started")
    }
}

private suspend fun runService(cache: CoroutineMemcacheClient) {
    val db = CatalogDatabase()
    val service = CatalogService(cache, db)
    val ids = (1..6).toList()
    service.forget(ids)

    repeat(2) { round ->
        val (pages, took) =
            measureTimedValue {
                coroutineScope { ids.map { async { service.page(it) } }.awaitAll() }
            }
        val label = if (round == 0) "cold cache" else "warm cache"
        println(
            "$label: ${pages.size} pages in ${took.inWholeMilliseconds} ms, database queries so far: ${db.queries.get()}"
        )
    }
    println("product 1 as cached, what a Python client's json.loads reads: ${service.rawJson(1)}")

    val repriced = service.reprice(2, priceCents = 1_499)
    println("repriced with compare-and-set: $repriced")
    val page = service.page(2)
    println(
        "the next view of product 2 sees the new price: ${page.product.priceCents} cents (view number ${page.views})"
    )

    println(
        "cached products, streamed per chunk: ${service.cachedProducts(ids + listOf(98, 99)).sorted()}"
    )

    try {
        withTimeout(50.milliseconds) { service.page(42) } // the database takes 100 ms: too slow
    } catch (e: TimeoutCancellationException) {
        println(
            "page 42 gave up after 50 ms; its cache calls were cancelled and their connection stays in sync"
        )
    }
    println("and the next request is answered normally: ${service.page(3).product.name}")
}
