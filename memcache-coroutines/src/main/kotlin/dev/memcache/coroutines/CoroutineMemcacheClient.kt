package dev.memcache.coroutines

import dev.memcache.core.CacheEntry
import dev.memcache.core.ClientConfig
import dev.memcache.core.MetaValue
import dev.memcache.core.ValueTypeException
import dev.memcache.core.codec.ValueCodec
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.serialization.KSerializer
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
 * The operations are declared by family in the interfaces this one extends
 * ([CoroutineReadCommands], [CoroutineWriteCommands], [CoroutineJsonCommands]); this interface adds
 * the server-wide commands, the views ([noReply], [meta], [withValueCodec]) and [close]. Code names
 * `CoroutineMemcacheClient` only.
 *
 * A TTL of zero means "never expires"; a TTL over 30 days is sent as an absolute time.
 */
public interface CoroutineMemcacheClient :
    CoroutineReadCommands, CoroutineWriteCommands, CoroutineJsonCommands, AutoCloseable {

    /** The settings of the connections this client uses. */
    public val config: ClientConfig

    /**
     * How JSON values are encoded and decoded ([getJson], [getMultiJson], [setJson], [addJson],
     * [replaceJson], [updateJson]); see [DefaultJson].
     */
    public val json: Json

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
