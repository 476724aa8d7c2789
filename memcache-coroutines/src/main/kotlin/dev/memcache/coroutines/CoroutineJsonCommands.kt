package dev.memcache.coroutines

import kotlin.time.Duration
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationStrategy

/**
 * JSON values on a [CoroutineMemcacheClient], through kotlinx-serialization with the client's
 * [CoroutineMemcacheClient.json]: stored as UTF-8 JSON text under flags 16, which Python clients
 * read as a `str`. The reified forms (`getJson<User>(key)`, ...) are extensions in this package.
 * Use it through [CoroutineMemcacheClient], which extends it.
 */
public interface CoroutineJsonCommands {

    /**
     * The JSON value under [key] decoded with [deserializer], or `null` on a miss. Reads text
     * (flags 16, as written by [setJson] or by a Python client storing a `str`) and raw UTF-8
     * bytes; anything else, or text that is not valid JSON for [deserializer], throws
     * [dev.memcache.core.MemcacheDecodeException] naming the key.
     */
    public suspend fun <T> getJson(key: String, deserializer: DeserializationStrategy<T>): T?

    /**
     * The JSON values found for [keys], each decoded with [deserializer] as [getJson] decodes it,
     * fetched with one [CoroutineReadCommands.getMulti] (every server asked at once); misses are
     * absent. A stored JSON `null` (or a stored `null` that is not text: `set(key, null)`, Python
     * `None`) follows the type: with a nullable deserializer (`getMultiJson<User?>(keys)`) the key
     * is mapped to `null`, as in Java's `getMultiJson`; with a non-null one
     * (`getMultiJson<User>(keys)`) it throws [dev.memcache.core.MemcacheDecodeException] naming the
     * key, as `getJson<User>` does for JSON `null`. A value that is not JSON text for
     * [deserializer] throws that exception naming its key; nothing is returned then.
     * `cache.getMultiJson<User>(keys)` is the reified form.
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
     * [CoroutineWriteCommands.add] for a JSON value: stores [value] as JSON text, as [setJson]
     * does, only when [key] is absent; `false` when it exists (whatever it holds).
     */
    public suspend fun <T> addJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /**
     * [CoroutineWriteCommands.replace] for a JSON value: stores [value] as JSON text, as [setJson]
     * does, only when [key] exists (whatever it holds); `false` when it is absent.
     */
    public suspend fun <T> replaceJson(
        key: String,
        value: T,
        serializer: SerializationStrategy<T>,
        ttl: Duration = Duration.ZERO,
    ): Boolean

    /**
     * [CoroutineWriteCommands.update] for a JSON value: decodes the current value with
     * [serializer], stores the result as JSON text.
     */
    public suspend fun <T : Any> updateJson(
        key: String,
        serializer: KSerializer<T>,
        ttl: Duration = Duration.ZERO,
        transform: suspend (current: T?) -> T,
    ): T
}
