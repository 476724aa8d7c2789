package dev.memcache.coroutines.internal

import dev.memcache.core.MemcacheException
import dev.memcache.core.MemcacheTimeoutException
import dev.memcache.core.MetaValue
import dev.memcache.core.internal.Cluster
import dev.memcache.core.internal.Command
import dev.memcache.core.internal.Keys
import dev.memcache.core.internal.MetaOperations
import dev.memcache.coroutines.CoroutineMemcacheClient
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.serialization.KSerializer

/**
 * The meta commands of the coroutine client, and the anti-dogpile loop behind `getOrCompute` (as in
 * the Java client).
 */
internal class RealMetaCommands(
    private val client: CoroutineMemcacheClient,
    private val cluster: Cluster,
    private val ops: MetaOperations,
    private val jsonValues: JsonValues,
) : CoroutineMemcacheClient.MetaCommands {

    @Suppress("UNCHECKED_CAST")
    override suspend fun <T> getOrCompute(
        key: String,
        ttl: Duration,
        recacheBefore: Duration?,
        lease: Duration,
        compute: suspend () -> T,
    ): T = getOrCompute(key, ttl, recacheBefore, lease, read = { it as T }, write = { it }, compute)

    @Suppress("UNCHECKED_CAST")
    override suspend fun <T> getOrComputeJson(
        key: String,
        serializer: KSerializer<T>,
        ttl: Duration,
        recacheBefore: Duration?,
        lease: Duration,
        compute: suspend () -> T,
    ): T =
        getOrCompute(
            key,
            ttl,
            recacheBefore,
            lease,
            read = { jsonValues.decode(key, it, serializer) as T },
            write = { jsonValues.encode(key, it, serializer) },
            compute,
        )

    /** [read] turns the stored value into [T], [write] turns [T] into what is stored. */
    private suspend fun <T> getOrCompute(
        key: String,
        ttl: Duration,
        recacheBefore: Duration?,
        lease: Duration,
        read: (stored: Any?) -> T,
        write: (value: T) -> Any?,
        compute: suspend () -> T,
    ): T {
        val giveUp =
            System.nanoTime() +
                // a lease beyond memcached's expiration limit (2038) waits that long at most
                lease.coerceAtMost(LONGEST_WAIT).inWholeNanoseconds +
                client.config.operationTimeout().toNanos()
        var pause = FIRST_PAUSE
        while (true) {
            val v = get(key, lease, recacheBefore)
            if (v.won()) return recompute(key, ttl, v, write, compute)
            if (v.present()) return read(v.value()) // fresh, or stale while the winner recomputes
            // An empty placeholder: the winner is computing. Poll until it stores (or its lease
            // ends).
            if (System.nanoTime() - giveUp > 0) {
                throw MemcacheTimeoutException(
                    "getOrCompute of key ${Keys.show(key)}: the caller computing the value did not store it within the lease of $lease"
                )
            }
            delay(pause)
            pause = minOf(MAX_PAUSE, pause * 2)
        }
    }

    private suspend fun <T> recompute(
        key: String,
        ttl: Duration,
        won: MetaValue<Any?>,
        write: (T) -> Any?,
        compute: suspend () -> T,
    ): T {
        val fresh =
            try {
                compute()
            } catch (e: Throwable) {
                // Cancellation included: the next caller must not wait for a dead lease.
                if (!won.present()) releasePlaceholder(key, won.cas(), e)
                throw e
            }
        // With the cas id we read: if the item was invalidated or set meanwhile, the newer state
        // stays.
        client.cas(key, write(fresh), won.cas(), ttl)
        return fresh
    }

    private suspend fun releasePlaceholder(key: String, cas: Long, failure: Throwable) {
        try {
            withContext(NonCancellable) { cluster.call { ops.deleteIfUnchanged(key, cas) } }
        } catch (e: MemcacheException) {
            failure.addSuppressed(e) // the placeholder then expires with its lease
        }
    }

    override suspend fun get(
        key: String,
        lease: Duration,
        recacheBefore: Duration?,
    ): MetaValue<Any?> = cluster.call {
        ops.get(key, lease.toJavaDuration(), recacheBefore?.toJavaDuration())
    }

    override suspend fun invalidate(key: String, staleTtl: Duration): Boolean = cluster.call {
        ops.invalidate(key, staleTtl.toJavaDuration())
    }

    override suspend fun incr(key: String, delta: Long, initial: Long, ttl: Duration): Long? =
        cluster.call {
            ops.counter(Command.INCR, key, delta, initial, ttl.toJavaDuration())
        }

    override suspend fun decr(key: String, delta: Long, initial: Long, ttl: Duration): Long? =
        cluster.call {
            ops.counter(Command.DECR, key, delta, initial, ttl.toJavaDuration())
        }

    private companion object {
        val FIRST_PAUSE = 1.milliseconds
        val MAX_PAUSE = 50.milliseconds
        val LONGEST_WAIT = (365 * 20).days
    }
}
