package dev.memcache.coroutines.internal

import dev.memcache.core.internal.CasUpdate
import dev.memcache.core.internal.Cluster
import dev.memcache.core.internal.Operations
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.toJavaDuration
import kotlinx.coroutines.delay
import kotlinx.coroutines.yield

/**
 * The gets/cas loop behind `update` and `updateJson`, suspending on each call: [read] turns the
 * stored value into [T], [write] turns [T] into what is stored. The decisions (add when absent, cas
 * otherwise, the bound of `ClientConfig.updateAttempts`,
 * [dev.memcache.core.MemcacheCasConflictException] when it is reached) are the core's [CasUpdate],
 * shared with the Java client.
 */
internal suspend fun <T : Any> casLoop(
    cluster: Cluster,
    ops: Operations,
    key: String,
    ttl: Duration,
    read: (stored: Any?) -> T?,
    write: (value: T) -> Any,
    transform: suspend (current: T?) -> T,
): T {
    val loop = ops.update(key, ttl.toJavaDuration())
    while (true) {
        val current = cluster.call { loop.read() }
        val next = transform(current?.let { read(it.value()) })
        val stored = write(next)
        if (cluster.call { loop.write(current, stored) }) return next
        val pause = loop.lost()
        if (pause > 0) delay(pause.nanoseconds) else yield() // let the writers we race with finish
    }
}
