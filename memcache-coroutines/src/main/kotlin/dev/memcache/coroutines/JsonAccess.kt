package dev.memcache.coroutines

import kotlin.time.Duration
import kotlinx.serialization.serializer

/**
 * The JSON value under [key] as [T], or `null` on a miss; the serializer comes from the client's
 * [CoroutineMemcacheClient.json] module. See [CoroutineMemcacheClient.getJson].
 *
 * ```
 * val user = cache.getJson<User>("user:42")
 * ```
 */
public suspend inline fun <reified T> CoroutineMemcacheClient.getJson(key: String): T? =
    getJson(key, json.serializersModule.serializer<T>())

/**
 * Stores [value] as JSON text (flags 16, so Python reads a `str`); `true` when stored. See
 * [CoroutineMemcacheClient.setJson].
 */
public suspend inline fun <reified T> CoroutineMemcacheClient.setJson(
    key: String,
    value: T,
    ttl: Duration = Duration.ZERO,
): Boolean = setJson(key, value, json.serializersModule.serializer<T>(), ttl)

/**
 * Updates the JSON value under [key] with a gets/cas loop; see
 * [CoroutineMemcacheClient.updateJson].
 *
 * ```
 * cache.updateJson<Counter>("visits") { (it ?: Counter(0)).let { c -> c.copy(n = c.n + 1) } }
 * ```
 */
public suspend inline fun <reified T : Any> CoroutineMemcacheClient.updateJson(
    key: String,
    ttl: Duration = Duration.ZERO,
    noinline transform: suspend (current: T?) -> T,
): T = updateJson(key, json.serializersModule.serializer<T>(), ttl, transform)
