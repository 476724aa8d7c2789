package dev.memcache.coroutines.internal

import dev.memcache.core.CacheEntry
import dev.memcache.core.CasValue
import dev.memcache.core.ClientConfig
import dev.memcache.core.Protocol
import dev.memcache.core.codec.ValueCodec
import dev.memcache.core.internal.Cluster
import dev.memcache.core.internal.Command
import dev.memcache.core.internal.MetaOperations
import dev.memcache.core.internal.Operations
import dev.memcache.coroutines.CoroutineMemcacheClient
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.json.Json

/**
 * The coroutine client: each method builds its call through the core's [Operations] (never blocking
 * the caller while sending) and suspends until it is done. [config] is the cluster's settings, or a
 * copy with another value codec for a view. [ownsCluster] says whether [close] closes the
 * connections (false when they belong to a Java client or to the client of a view).
 */
internal class RealCoroutineClient(
    private val cluster: Cluster,
    override val config: ClientConfig,
    override val json: Json,
    private val ownsCluster: Boolean,
) : CoroutineMemcacheClient {
    private val ops = Operations(cluster, config.valueCodec())
    private val jsonValues = JsonValues(json, config.valueCodec())

    override val noReply: CoroutineMemcacheClient.NoReply = RealNoReply(cluster, ops)

    private val meta =
        RealMetaCommands(cluster, ops, MetaOperations(cluster, config.valueCodec()), jsonValues)

    override fun meta(): CoroutineMemcacheClient.MetaCommands {
        if (config.protocol() != Protocol.META) {
            throw UnsupportedOperationException(
                "meta commands need a client built with protocol = Protocol.META; this one speaks ${config.protocol()}"
            )
        }
        return meta
    }

    override suspend fun get(key: String): Any? = cluster.call { ops.get(key) }

    override suspend fun <T : Any> get(key: String, type: KClass<T>): T? = cluster.call {
        ops.get(key, type.javaObjectType)
    }

    override suspend fun getEntry(key: String): CacheEntry<Any?>? = cluster.call {
        ops.getEntry(key, Any::class.java)
    }

    override suspend fun <T : Any> getEntry(key: String, type: KClass<T>): CacheEntry<T?>? =
        cluster.call {
            ops.getEntry(key, type.javaObjectType)
        }

    override suspend fun getString(key: String): String? = get(key, String::class)

    override suspend fun getBytes(key: String): ByteArray? = get(key, ByteArray::class)

    override suspend fun getMulti(keys: Collection<String>): Map<String, Any?> = cluster.call {
        ops.getMulti(keys)
    }

    override suspend fun <T : Any> getMulti(
        keys: Collection<String>,
        type: KClass<T>,
    ): Map<String, T?> = cluster.call { ops.getMulti(keys, type.javaObjectType) }

    override fun getMultiFlow(
        keys: Iterable<String>,
        chunkSize: Int,
        concurrency: Int,
    ): Flow<Pair<String, Any?>> {
        require(chunkSize > 0) { "chunkSize must be positive, was $chunkSize" }
        require(concurrency > 0) { "concurrency must be positive, was $concurrency" }
        return channelFlow {
            val inFlight = Semaphore(concurrency)
            for (chunk in keys.asSequence().distinct().chunked(chunkSize)) {
                inFlight
                    .acquire() // bounded: a million keys never become a million pending requests
                launch {
                    try {
                        sendAll(getMulti(chunk))
                    } finally {
                        inFlight.release()
                    }
                }
            }
        }
    }

    private suspend fun ProducerScope<Pair<String, Any?>>.sendAll(values: Map<String, Any?>) {
        for ((key, value) in values) send(key to value)
    }

    override suspend fun gets(key: String): CasValue<Any?>? = cluster.call { ops.gets(key) }

    override suspend fun getAndTouch(key: String, ttl: Duration): Any? = cluster.call {
        ops.getAndTouch(key, ttl.toJavaDuration())
    }

    override suspend fun getsAndTouch(key: String, ttl: Duration): CasValue<Any?>? = cluster.call {
        ops.getsAndTouch(key, ttl.toJavaDuration())
    }

    override suspend fun set(key: String, value: Any?, ttl: Duration): Boolean =
        store(Command.SET, key, value, ttl)

    override suspend fun add(key: String, value: Any?, ttl: Duration): Boolean =
        store(Command.ADD, key, value, ttl)

    override suspend fun replace(key: String, value: Any?, ttl: Duration): Boolean =
        store(Command.REPLACE, key, value, ttl)

    override suspend fun append(key: String, value: Any): Boolean =
        store(Command.APPEND, key, value, Duration.ZERO)

    override suspend fun prepend(key: String, value: Any): Boolean =
        store(Command.PREPEND, key, value, Duration.ZERO)

    private suspend fun store(command: Command, key: String, value: Any?, ttl: Duration): Boolean =
        cluster.call {
            ops.store(command, key, value, ttl.toJavaDuration(), false)
        }

    override suspend fun cas(key: String, value: Any?, cas: Long, ttl: Duration): Boolean =
        cluster.call {
            ops.cas(key, value, cas, ttl.toJavaDuration())
        }

    override suspend fun delete(key: String): Boolean = cluster.call { ops.delete(key, false) }

    override suspend fun incr(key: String, delta: Long): Long? = cluster.call {
        ops.counter(Command.INCR, key, delta, false)
    }

    override suspend fun decr(key: String, delta: Long): Long? = cluster.call {
        ops.counter(Command.DECR, key, delta, false)
    }

    override suspend fun incr(key: String, delta: Long, initial: Long, ttl: Duration): Long =
        cluster.call {
            ops.counter(Command.INCR, key, delta, initial, ttl.toJavaDuration())
        }

    override suspend fun decr(key: String, delta: Long, initial: Long, ttl: Duration): Long =
        cluster.call {
            ops.counter(Command.DECR, key, delta, initial, ttl.toJavaDuration())
        }

    override suspend fun setMulti(values: Map<String, Any?>, ttl: Duration): Map<String, Boolean> =
        cluster.call {
            ops.setMulti(values, ttl.toJavaDuration(), false)
        }

    override suspend fun deleteMulti(keys: Collection<String>): Map<String, Boolean> =
        cluster.call {
            ops.deleteMulti(keys, false)
        }

    override suspend fun touch(key: String, ttl: Duration): Boolean = cluster.call {
        ops.touch(key, ttl.toJavaDuration(), false)
    }

    @Suppress("UNCHECKED_CAST")
    override suspend fun <T : Any> update(
        key: String,
        ttl: Duration,
        transform: suspend (current: T?) -> T,
    ): T = casLoop(cluster, ops, key, ttl, read = { it as T? }, write = { it }, transform)

    override suspend fun flushAll(delay: Duration): Boolean = cluster.call {
        ops.flushAll(delay.toJavaDuration())
    }

    override suspend fun stats(group: String?): Map<String, Map<String, String>> = cluster.call {
        ops.stats(group)
    }

    override suspend fun version(): Map<String, String> = cluster.call { ops.version() }

    override suspend fun verbosity(level: Int) {
        cluster.call { ops.verbosity(level) }
    }

    override suspend fun <T> getJson(key: String, deserializer: DeserializationStrategy<T>): T? =
        jsonValues.decode(key, get(key), deserializer)

    override suspend fun <T> getMultiJson(
        keys: Collection<String>,
        deserializer: DeserializationStrategy<T>,
    ): Map<String, T> = jsonValues.decodeAll(getMulti(keys), deserializer)

    override suspend fun <T> setJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration,
    ): Boolean = set(key, jsonValues.encode(key, value, serializer), ttl)

    override suspend fun <T> addJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration,
    ): Boolean = add(key, jsonValues.encode(key, value, serializer), ttl)

    override suspend fun <T> replaceJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration,
    ): Boolean = replace(key, jsonValues.encode(key, value, serializer), ttl)

    override suspend fun <T : Any> updateJson(
        key: String,
        serializer: KSerializer<T>,
        ttl: Duration,
        transform: suspend (current: T?) -> T,
    ): T =
        casLoop(
            cluster,
            ops,
            key,
            ttl,
            { jsonValues.decode(key, it, serializer) },
            { jsonValues.encode(key, it, serializer) },
            transform,
        )

    override fun withValueCodec(codec: ValueCodec): CoroutineMemcacheClient =
        RealCoroutineClient(
            cluster,
            config.toBuilder().valueCodec(codec).buildConfig(),
            json,
            ownsCluster = false,
        )

    override fun close() {
        if (ownsCluster) cluster.close()
    }

    override fun toString(): String = "CoroutineMemcacheClient${config.servers()}"
}
