package dev.memcache.coroutines

import dev.memcache.core.CacheEntry
import dev.memcache.core.CasValue
import dev.memcache.core.ValueTypeException
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlinx.coroutines.flow.Flow

/**
 * The reads of a [CoroutineMemcacheClient]: values, entries (a stored `null` told from a miss),
 * multi-gets (also as a [Flow]), cas ids, and reads that set a new TTL, as `suspend` functions. A
 * miss is `null`; the rules for a stored `null` and for typed reads are on
 * [CoroutineMemcacheClient]. Use it through [CoroutineMemcacheClient], which extends it.
 */
public interface CoroutineReadCommands {

    /** The value stored under [key], decoded by the value codec, or `null` on a miss. */
    public suspend fun get(key: String): Any?

    /**
     * The value under [key] as [type] (a stored Python `int` reads as `Int::class` when it fits),
     * or `null` on a miss; a value of another type, or an integer out of range, throws
     * [ValueTypeException]. `cache.get<Int>(key)` is the reified form.
     */
    public suspend fun <T : Any> get(key: String, type: KClass<T>): T?

    /**
     * The value under [key] as an entry: `null` on a miss, an entry whose value is `null` when
     * `null` (Python `None`) is stored.
     */
    public suspend fun getEntry(key: String): CacheEntry<Any?>?

    /**
     * [getEntry] with the value as [type], by the rules of [get]; `cache.getEntry<Int>(key)` is the
     * reified form.
     */
    public suspend fun <T : Any> getEntry(key: String, type: KClass<T>): CacheEntry<T?>?

    /**
     * The text stored under [key] (flags 16), or `null` on a miss; another type throws
     * [ValueTypeException].
     */
    public suspend fun getString(key: String): String?

    /**
     * The raw bytes stored under [key] (flags 0), or `null` on a miss; another type throws
     * [ValueTypeException].
     */
    public suspend fun getBytes(key: String): ByteArray?

    /**
     * The values found for [keys] (misses are absent; a stored `null` is a key mapped to `null`),
     * asking every server at once.
     */
    public suspend fun getMulti(keys: Collection<String>): Map<String, Any?>

    /**
     * [getMulti] with every value as [type], by the rules of [get]; a value of another type throws
     * [ValueTypeException] naming its key. `cache.getMulti<Int>(keys)` is the reified form.
     */
    public suspend fun <T : Any> getMulti(
        keys: Collection<String>,
        type: KClass<T>,
    ): Map<String, T?>

    /**
     * The values found for [keys] as a cold flow of `key to value` pairs (misses are absent). Keys
     * are asked for in chunks of [chunkSize], at most [concurrency] chunks at a time, and each
     * chunk's values are emitted as soon as its servers have answered, in no particular order. For
     * key sets too large to hold every value at once; a failed chunk fails the flow.
     */
    public fun getMultiFlow(
        keys: Iterable<String>,
        chunkSize: Int = 100,
        concurrency: Int = 4,
    ): Flow<Pair<String, Any?>>

    /** The value and its compare-and-set id, or `null` on a miss. */
    public suspend fun gets(key: String): CasValue<Any?>?

    /** Gets the value and sets a new TTL (`gat`); `null` on a miss. */
    public suspend fun getAndTouch(key: String, ttl: Duration): Any?

    /** Gets the value with its cas id and sets a new TTL (`gats`); `null` on a miss. */
    public suspend fun getsAndTouch(key: String, ttl: Duration): CasValue<Any?>?
}
