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

/**
 * The JSON values found for [keys] as [T], in one multi-get; misses are absent. A stored JSON
 * `null` maps its key to `null` when [T] is nullable (`getMultiJson<User?>`) and throws
 * [dev.memcache.core.MemcacheDecodeException] naming the key when it is not. See
 * [CoroutineMemcacheClient.getMultiJson].
 *
 * ```
 * val users: Map<String, User> = cache.getMultiJson<User>(listOf("user:1", "user:2"))
 * ```
 */
public suspend inline fun <reified T> CoroutineMemcacheClient.getMultiJson(
    keys: Collection<String>
): Map<String, T> = getMultiJson(keys, json.serializersModule.serializer<T>())

/**
 * Stores [value] as JSON text only when [key] is absent; `true` when stored, `false` when the key
 * exists. See [CoroutineMemcacheClient.addJson].
 */
public suspend inline fun <reified T> CoroutineMemcacheClient.addJson(
    key: String,
    value: T,
    ttl: Duration = Duration.ZERO,
): Boolean = addJson(key, value, json.serializersModule.serializer<T>(), ttl)

/**
 * Stores [value] as JSON text only when [key] exists; `true` when stored, `false` when the key is
 * absent. See [CoroutineMemcacheClient.replaceJson].
 */
public suspend inline fun <reified T> CoroutineMemcacheClient.replaceJson(
    key: String,
    value: T,
    ttl: Duration = Duration.ZERO,
): Boolean = replaceJson(key, value, json.serializersModule.serializer<T>(), ttl)
