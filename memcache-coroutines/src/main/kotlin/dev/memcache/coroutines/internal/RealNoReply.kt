package dev.memcache.coroutines.internal

import dev.memcache.core.internal.Cluster
import dev.memcache.core.internal.Command
import dev.memcache.core.internal.Operations
import dev.memcache.coroutines.CoroutineMemcacheClient
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/** `noreply` writes: each suspends only until its request is written (or fails to be). */
internal class RealNoReply(private val cluster: Cluster, private val ops: Operations) :
    CoroutineMemcacheClient.NoReply {

    override suspend fun set(key: String, value: Any?, ttl: Duration) =
        store(Command.SET, key, value, ttl)

    override suspend fun add(key: String, value: Any?, ttl: Duration) =
        store(Command.ADD, key, value, ttl)

    override suspend fun replace(key: String, value: Any?, ttl: Duration) =
        store(Command.REPLACE, key, value, ttl)

    override suspend fun append(key: String, value: Any) =
        store(Command.APPEND, key, value, Duration.ZERO)

    override suspend fun prepend(key: String, value: Any) =
        store(Command.PREPEND, key, value, Duration.ZERO)

    private suspend fun store(command: Command, key: String, value: Any?, ttl: Duration) {
        cluster.call { ops.store(command, key, value, ttl.toJavaDuration(), true) }
    }

    override suspend fun delete(key: String) {
        cluster.call { ops.delete(key, true) }
    }

    override suspend fun setMulti(values: Map<String, Any?>, ttl: Duration) {
        cluster.call { ops.setMulti(values, ttl.toJavaDuration(), true) }
    }

    override suspend fun deleteMulti(keys: Collection<String>) {
        cluster.call { ops.deleteMulti(keys, true) }
    }

    override suspend fun incr(key: String, delta: Long) {
        cluster.call { ops.counter(Command.INCR, key, delta, true) }
    }

    override suspend fun decr(key: String, delta: Long) {
        cluster.call { ops.counter(Command.DECR, key, delta, true) }
    }

    override suspend fun touch(key: String, ttl: Duration) {
        cluster.call { ops.touch(key, ttl.toJavaDuration(), true) }
    }
}
