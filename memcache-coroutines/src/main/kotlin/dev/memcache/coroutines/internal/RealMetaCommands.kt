package dev.memcache.coroutines.internal

import dev.memcache.core.MetaValue
import dev.memcache.core.internal.Cluster
import dev.memcache.core.internal.Command
import dev.memcache.core.internal.GetOrCompute
import dev.memcache.core.internal.MetaOperations
import dev.memcache.core.internal.Operations
import dev.memcache.coroutines.CoroutineMemcacheClient
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.serialization.KSerializer

/**
 * The meta commands of the coroutine client. `getOrCompute` suspends over the core's
 * [GetOrCompute], which makes every decision (shared with the Java client).
 */
internal class RealMetaCommands(
    private val cluster: Cluster,
    private val ops: Operations,
    private val meta: MetaOperations,
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
        val g =
            GetOrCompute(
                ops,
                meta,
                key,
                ttl.toJavaDuration(),
                recacheBefore?.toJavaDuration(),
                lease.toJavaDuration(),
            )
        while (true) {
            val v = cluster.call { g.read() }
            when (g.next(v)) {
                GetOrCompute.Step.USE -> return read(v.value())
                GetOrCompute.Step.COMPUTE -> return compute(g, write, compute)
                GetOrCompute.Step.WAIT -> delay(g.pause().nanoseconds)
            }
        }
    }

    private suspend fun <T> compute(
        g: GetOrCompute,
        write: (T) -> Any?,
        compute: suspend () -> T,
    ): T {
        val fresh =
            try {
                compute()
            } catch (e: Throwable) {
                // Cancellation included: the next caller must not wait for a dead lease.
                release(g, e)
                throw e
            }
        cluster.call { g.store(write(fresh)) }
        return fresh
    }

    private suspend fun release(g: GetOrCompute, failure: Throwable) {
        try {
            withContext(NonCancellable) { g.release()?.suspendUntilDone() }
        } catch (e: RuntimeException) {
            GetOrCompute.releaseFailed(failure, e)
        }
    }

    override suspend fun get(
        key: String,
        lease: Duration,
        recacheBefore: Duration?,
    ): MetaValue<Any?> = cluster.call {
        meta.get(key, lease.toJavaDuration(), recacheBefore?.toJavaDuration())
    }

    override suspend fun invalidate(key: String, staleTtl: Duration): Boolean = cluster.call {
        meta.invalidate(key, staleTtl.toJavaDuration())
    }

    override suspend fun incr(key: String, delta: Long, initial: Long, ttl: Duration): Long? =
        cluster.call {
            meta.counter(Command.INCR, key, delta, initial, ttl.toJavaDuration())
        }

    override suspend fun decr(key: String, delta: Long, initial: Long, ttl: Duration): Long? =
        cluster.call {
            meta.counter(Command.DECR, key, delta, initial, ttl.toJavaDuration())
        }
}
