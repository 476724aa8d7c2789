package dev.memcache.coroutines

import dev.memcache.core.ClientConfig
import dev.memcache.core.MemcacheCasConflictException
import kotlin.time.Duration

/**
 * The writes of a [CoroutineMemcacheClient]: stores, compare-and-set, deletes, bulk writes,
 * counters, touch, and [update] (a gets/cas loop), as `suspend` functions. A write that finds the
 * key in the wrong state (an [add] of a present key, a lost [cas]) returns `false`. For writes that
 * do not wait for the reply, see [CoroutineMemcacheClient.noReply]. Use it through
 * [CoroutineMemcacheClient], which extends it.
 */
public interface CoroutineWriteCommands {

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
     * exception once every server has answered (the others' keys are stored by then), as
     * [CoroutineReadCommands.getMulti] does; under [dev.memcache.core.FailurePolicy.MISS] its keys
     * map to `false` instead.
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
}
