package dev.memcache.coroutines

import dev.memcache.core.CacheEntry
import dev.memcache.core.CasValue
import dev.memcache.core.ClientConfig
import dev.memcache.core.MemcacheCasConflictException
import dev.memcache.core.MetaValue
import dev.memcache.core.ValueTypeException
import dev.memcache.core.codec.ValueCodec
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.Flow
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.json.Json

/**
 * A memcached client for coroutines: the operations of the Java `MemcacheClient`, with the same
 * names and meanings, as `suspend` functions over the same core. No thread is blocked per call: a
 * caller suspends while its request is on the wire, and many callers share each connection.
 *
 * ```
 * CoroutineMemcacheClient { servers("127.0.0.1:11211"); operationTimeout = 500.milliseconds }.use { cache ->
 *     cache.setJson("user:1", User("Ada"), ttl = 5.minutes)
 *     val user: User? = cache.getJson("user:1")
 * }
 * ```
 *
 * Outcomes are values: a miss is `null`; an [add] that finds the key, or a lost [cas], is `false`.
 * Failures are unchecked [dev.memcache.core.MemcacheException]s naming the server and the
 * operation; bad keys and oversized values throw [IllegalArgumentException]s before anything is
 * sent.
 *
 * **A stored null and a miss** follow the rule of the Java `MemcacheClient` (see its class
 * documentation): [get] returns `null` for both; [getEntry] returns `null` on a miss and a
 * [CacheEntry] whose value is `null` when `null` (Python `None`) is stored; in [getMulti] a stored
 * `null` is a key mapped to `null`.
 *
 * **Typed reads** ([get] with a type, the reified `get<T>()`, `getEntry<T>()` and `getMulti<T>()`)
 * follow the Java client's rules: a value of the type is returned as is; a stored Python `int`
 * (decoded as `Long`, or `BigInteger` beyond 64 bits) reads as `Int`, `Short`, `Byte`, `Long` or
 * `BigInteger` when it fits; anything else throws [ValueTypeException] naming the key, the stored
 * type and the requested type.
 *
 * **Threads.** The connection's reader only resumes a suspended caller; the reply is decoded by the
 * value codec on the caller's dispatcher. Under a dispatcher that does not dispatch
 * ([kotlinx.coroutines.Dispatchers.Unconfined], or none, as in `suspend fun main`) the caller is
 * resumed on a fresh virtual thread instead, so no user code ever runs on a reader.
 *
 * **Cancellation and timeouts.** Cancelling the calling coroutine (or `withTimeout`) abandons the
 * request: it is not written if it was still queued, and if it was written, its reply is read and
 * dropped, so the connection and every other caller are unaffected. A cancelled call never returns
 * a value; a write that was already sent may still take effect on the server. Each call also fails
 * with [dev.memcache.core.MemcacheTimeoutException] after the configured operation timeout.
 *
 * **Closing.** A client built with [CoroutineMemcacheClient] from settings owns its connections and
 * [close] closes them. A client derived from a Java client ([asCoroutineClient]), and a view made
 * by [withValueCodec], share their owner's connections, and their [close] does nothing.
 *
 * A TTL of zero means "never expires"; a TTL over 30 days is sent as an absolute time.
 */
public interface CoroutineMemcacheClient : AutoCloseable {

    /** The settings of the connections this client uses. */
    public val config: ClientConfig

    /**
     * How JSON values are encoded and decoded ([getJson], [getMultiJson], [setJson], [addJson],
     * [replaceJson], [updateJson]); see [DefaultJson].
     */
    public val json: Json

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

    /** Stores the value, without expiry by default; `true` when stored. */
    public suspend fun set(key: String, value: Any?, ttl: Duration = Duration.ZERO): Boolean

    /** Stores only if the key is absent; `false` when it exists. */
    public suspend fun add(key: String, value: Any?, ttl: Duration = Duration.ZERO): Boolean

    /** Stores only if the key exists; `false` when it is absent. */
    public suspend fun replace(key: String, value: Any?, ttl: Duration = Duration.ZERO): Boolean

    /** Appends bytes to an existing value (flags and TTL unchanged); `false` when absent. */
    public suspend fun append(key: String, value: Any): Boolean

    /** Prepends bytes to an existing value (flags and TTL unchanged); `false` when absent. */
    public suspend fun prepend(key: String, value: Any): Boolean

    /** Stores only if the item still has cas id [cas]; `false` on a conflict or when absent. */
    public suspend fun cas(
        key: String,
        value: Any?,
        cas: Long,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /** Deletes the key; `false` when it was absent. */
    public suspend fun delete(key: String): Boolean

    /**
     * Stores every entry of [values] for [ttl], pipelined: each server's keys are queued at once
     * and written together, the servers in parallel. Every key is validated and every value encoded
     * first: a bad key or a value too large throws before anything is sent. Returns every key, in
     * the map's order, mapped to `true` when stored. A failed server fails the call with its
     * exception once every server has answered (the others' keys are stored by then), as [getMulti]
     * does; under [dev.memcache.core.FailurePolicy.MISS] its keys map to `false` instead.
     */
    public suspend fun setMulti(
        values: Map<String, Any?>,
        ttl: Duration = Duration.ZERO,
    ): Map<String, Boolean>

    /**
     * Deletes every key in [keys], pipelined per server like [setMulti]; a key named twice is
     * deleted once. Returns every key mapped to `true` when deleted, `false` when it was absent.
     */
    public suspend fun deleteMulti(keys: Collection<String>): Map<String, Boolean>

    /**
     * Adds [delta] to a decimal value and returns the new value, or `null` when the key is absent.
     * Values are unsigned 64-bit and wrap at 2^64 (read a negative result with [toULong]). For a
     * counter that should start when absent, use the overload with an `initial` value, which
     * returns a non-null [Long].
     */
    public suspend fun incr(key: String, delta: Long): Long?

    /** Subtracts [delta], stopping at 0; returns the new value, or `null` when absent. */
    public suspend fun decr(key: String, delta: Long): Long?

    /**
     * Adds [delta] to a counter, creating it when absent: a missing counter is created holding
     * [initial] (living for [ttl]) and [initial] is returned, as binary memcached does; an existing
     * one gets [delta] added and keeps its TTL. Works on every protocol: binary and meta have the
     * command, text runs `incr`, `add`, `incr`, which racing callers cannot double-initialise. The
     * counter is stored as decimal ASCII under flags 0 on every protocol; unsigned 64-bit, wrapping
     * at 2^64. [delta], [initial] and [ttl] must not be negative ([IllegalArgumentException],
     * before anything is sent). Under [dev.memcache.core.FailurePolicy.MISS] an unreachable server
     * returns [initial], as for an absent counter.
     */
    public suspend fun incr(
        key: String,
        delta: Long,
        initial: Long,
        ttl: Duration = Duration.ZERO,
    ): Long

    /**
     * Subtracts [delta] from a counter, stopping at 0, creating it when absent: a missing counter
     * is created holding [initial], which is returned (not `initial - delta`). Otherwise as the
     * [incr] with an initial value.
     */
    public suspend fun decr(
        key: String,
        delta: Long,
        initial: Long,
        ttl: Duration = Duration.ZERO,
    ): Long

    /** Sets a new TTL; `false` when the key is absent. */
    public suspend fun touch(key: String, ttl: Duration): Boolean

    /**
     * Applies [transform] to the current value and stores the result with gets/cas (or add, when
     * the key is absent), calling it again while other writers win, and returns what was stored.
     * [transform] gets `null` when the key is absent (or holds `null`). After
     * [ClientConfig.updateAttempts] lost rounds (the builder's `updateAttempts`, default 64) it
     * throws [MemcacheCasConflictException] naming the key and the attempts. The current value is
     * cast to [T] unchecked: a value of another type fails where [transform] uses it.
     */
    public suspend fun <T : Any> update(
        key: String,
        ttl: Duration = Duration.ZERO,
        transform: suspend (current: T?) -> T,
    ): T

    /**
     * Invalidates every item on every server, after [delay] when it is not zero (over 30 days it is
     * sent as an absolute Unix time, like a TTL). Returns `true` when every server confirmed;
     * `false` only under [dev.memcache.core.FailurePolicy.MISS] when some server could not be
     * reached.
     */
    public suspend fun flushAll(delay: Duration = Duration.ZERO): Boolean

    /**
     * Statistics per server (`"host:port"` to name to value): general ones, or a [group] such as
     * `"items"`, `"slabs"`, `"settings"`.
     */
    public suspend fun stats(group: String? = null): Map<String, Map<String, String>>

    /** The version of each server. */
    public suspend fun version(): Map<String, String>

    /** Sets the server log verbosity on every server. */
    public suspend fun verbosity(level: Int)

    /**
     * The JSON value under [key] decoded with [deserializer], or `null` on a miss. Reads text
     * (flags 16, as written by [setJson] or by a Python client storing a `str`) and raw UTF-8
     * bytes; anything else, or text that is not valid JSON for [deserializer], throws
     * [dev.memcache.core.MemcacheDecodeException] naming the key.
     */
    public suspend fun <T> getJson(key: String, deserializer: DeserializationStrategy<T>): T?

    /**
     * The JSON values found for [keys], each decoded with [deserializer] as [getJson] decodes it,
     * fetched with one [getMulti] (every server asked at once); misses are absent. A stored JSON
     * `null` (or a stored `null` that is not text: `set(key, null)`, Python `None`) follows the
     * type: with a nullable deserializer (`getMultiJson<User?>(keys)`) the key is mapped to `null`,
     * as in Java's `getMultiJson`; with a non-null one (`getMultiJson<User>(keys)`) it throws
     * [dev.memcache.core.MemcacheDecodeException] naming the key, as `getJson<User>` does for JSON
     * `null`. A value that is not JSON text for [deserializer] throws that exception naming its
     * key; nothing is returned then. `cache.getMultiJson<User>(keys)` is the reified form.
     */
    public suspend fun <T> getMultiJson(
        keys: Collection<String>,
        deserializer: DeserializationStrategy<T>,
    ): Map<String, T>

    /**
     * Stores [value] as JSON text encoded with [serializer], under flags 16 (UTF-8 text), so Python
     * clients read a `str` that `json.loads` accepts; `true` when stored.
     */
    public suspend fun <T> setJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /**
     * [add] for a JSON value: stores [value] as JSON text, as [setJson] does, only when [key] is
     * absent; `false` when it exists (whatever it holds).
     */
    public suspend fun <T> addJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /**
     * [replace] for a JSON value: stores [value] as JSON text, as [setJson] does, only when [key]
     * exists (whatever it holds); `false` when it is absent.
     */
    public suspend fun <T> replaceJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /**
     * [update] for a JSON value: decodes the current value with [serializer], stores the result as
     * JSON text.
     */
    public suspend fun <T : Any> updateJson(
        key: String,
        serializer: KSerializer<T>,
        ttl: Duration = Duration.ZERO,
        transform: suspend (current: T?) -> T,
    ): T

    /** Writes whose caller does not wait for the server's reply (`noreply`). */
    public val noReply: NoReply

    /**
     * The commands only the meta protocol has: stale-while-revalidate
     * ([MetaCommands.getOrCompute]), invalidation, counters with an initial value. Throws
     * [UnsupportedOperationException] unless the client speaks `Protocol.META` (memcached 1.6+).
     */
    public fun meta(): MetaCommands

    /**
     * A view of this client that stores and reads values with [codec] instead of the configured one
     * (for example Protocol Buffers for some keys), over the same connections. The view's [noReply]
     * and JSON functions use [codec] too (JSON needs a codec that stores a `String` as text), and
     * its [config] names it. Closing the view does nothing: the connections stay with this client,
     * and the view fails like it once this client is closed.
     */
    public fun withValueCodec(codec: ValueCodec): CoroutineMemcacheClient

    /**
     * Closes the connections (after writing the noreply writes still queued) when this client owns
     * them (built from settings); does nothing for a client derived from a Java client, whose
     * connections stay open until that client is closed, nor for a view made by [withValueCodec].
     * Once the connections are closed, every call (this client's, its views', [noReply]'s and
     * [meta]'s) throws [IllegalStateException] ("client is closed") whatever the failure policy.
     */
    override fun close()

    /**
     * Writes whose reply is not awaited (`noreply`): each returns once its request is queued on its
     * connection. A lone one is written at once; a burst goes out in batches, its last requests
     * within a few milliseconds (or sooner, with the next request on the connection that awaits a
     * reply, which goes after them). What the server did is not reported; use them for cache fills
     * that may be lost.
     */
    public interface NoReply {
        /** `set` without waiting for the reply. */
        public suspend fun set(key: String, value: Any?, ttl: Duration = Duration.ZERO)

        /** `add` without waiting for the reply. */
        public suspend fun add(key: String, value: Any?, ttl: Duration = Duration.ZERO)

        /** `replace` without waiting for the reply. */
        public suspend fun replace(key: String, value: Any?, ttl: Duration = Duration.ZERO)

        /** `append` without waiting for the reply. */
        public suspend fun append(key: String, value: Any)

        /** `prepend` without waiting for the reply. */
        public suspend fun prepend(key: String, value: Any)

        /** `delete` without waiting for the reply. */
        public suspend fun delete(key: String)

        /** `setMulti` without waiting for the replies: each server's share written in one batch. */
        public suspend fun setMulti(values: Map<String, Any?>, ttl: Duration = Duration.ZERO)

        /** `deleteMulti` without waiting for the replies. */
        public suspend fun deleteMulti(keys: Collection<String>)

        /** `incr` without waiting for the reply. */
        public suspend fun incr(key: String, delta: Long)

        /** `decr` without waiting for the reply. */
        public suspend fun decr(key: String, delta: Long)

        /** `touch` without waiting for the reply. */
        public suspend fun touch(key: String, ttl: Duration)
    }

    /**
     * What only the meta protocol can do, as in the Java client's `MetaCommands`: values recomputed
     * by exactly one of many concurrent callers, invalidation that keeps serving the old value, and
     * counters that start at a given value.
     *
     * ```
     * val profile = cache.meta().getOrCompute("profile:42", ttl = 10.minutes) { db.loadProfile(42) }
     * cache.meta().invalidate("profile:42", staleTtl = 30.seconds) // readers get the stale profile while one reloads it
     * ```
     */
    public interface MetaCommands {
        /**
         * The cached value, or else one computed by exactly one of the concurrent callers. When the
         * key is missing, the first caller computes, stores (for [ttl]; zero means no expiry) and
         * returns the value while the others wait for it; when the item was [invalidate]d, one
         * caller recomputes it and the others get the stale value at once. With [recacheBefore],
         * the first caller that sees less TTL left than that recomputes while the others keep
         * getting the current value. A winner has [lease] to store its value; waiting callers give
         * up with [dev.memcache.core.MemcacheTimeoutException] after the lease plus the operation
         * timeout. When [compute] throws or is cancelled, the exception reaches its caller and a
         * placeholder is removed so the next caller recomputes; a stale value stays in service. The
         * cached value is cast to [T] unchecked.
         */
        public suspend fun <T> getOrCompute(
            key: String,
            ttl: Duration,
            recacheBefore: Duration? = null,
            lease: Duration = DEFAULT_LEASE,
            compute: suspend () -> T,
        ): T

        /**
         * [getOrCompute] for a JSON value: stored as JSON text encoded with [serializer], as
         * [setJson] does.
         */
        public suspend fun <T> getOrComputeJson(
            key: String,
            serializer: KSerializer<T>,
            ttl: Duration,
            recacheBefore: Duration? = null,
            lease: Duration = DEFAULT_LEASE,
            compute: suspend () -> T,
        ): T

        /**
         * The value with the server's revalidation verdict (`mg` with `N` and `R`): a missing key
         * is created as an empty placeholder that lives for [lease], and the caller learns whether
         * it won the right to recompute, whether the value is stale, or whether a winner was chosen
         * already. Store the recomputed value with [cas] and the returned cas id.
         */
        public suspend fun get(
            key: String,
            lease: Duration,
            recacheBefore: Duration? = null,
        ): MetaValue<Any?>

        /**
         * Marks the item stale instead of deleting it (`md I`): for [staleTtl] readers still get
         * the old value, flagged stale, and one of them wins the recompute. `false` when absent.
         */
        public suspend fun invalidate(key: String, staleTtl: Duration): Boolean

        /**
         * Adds [delta]; a missing counter is created holding [initial] (expiring after [ttl]) and
         * [initial] is returned. Unsigned 64-bit, wrapping at 2^64 (`ma N J`). [delta] and
         * [initial] must not be negative ([IllegalArgumentException]). Returns `null` only under
         * [dev.memcache.core.FailurePolicy.MISS] when the server could not be reached. The client's
         * own `incr` with an initial value does the same on every protocol and returns a non-null
         * [Long].
         */
        public suspend fun incr(
            key: String,
            delta: Long,
            initial: Long,
            ttl: Duration = Duration.ZERO,
        ): Long?

        /**
         * Subtracts [delta], stopping at 0; a missing counter is created holding [initial], which
         * is returned. [delta] and [initial] must not be negative. Returns `null` only under
         * [dev.memcache.core.FailurePolicy.MISS] when the server could not be reached.
         */
        public suspend fun decr(
            key: String,
            delta: Long,
            initial: Long,
            ttl: Duration = Duration.ZERO,
        ): Long?

        /** Shared defaults. */
        public companion object {
            /** How long a caller that won a recompute has before another caller may win: 10 s. */
            public val DEFAULT_LEASE: Duration = 10.seconds
        }
    }

    /** Shared defaults. */
    public companion object {
        /**
         * The [Json] used unless the builder sets another: kotlinx defaults, except that unknown
         * keys are ignored (a newer writer, or a Python service, may add fields) and default values
         * are written (so readers in other languages see every field).
         */
        public val DefaultJson: Json = Json {
            ignoreUnknownKeys = true
            encodeDefaults = true
        }
    }
}
