package dev.memcache.coroutines

import dev.memcache.core.CacheEntry

/**
 * The value under [key] as [T], or `null` on a miss; see [CoroutineMemcacheClient.get] with a type.
 *
 * ```
 * val hits: Int? = cache.get<Int>("hits") // a Python int read as Int when it fits
 * ```
 */
public suspend inline fun <reified T : Any> CoroutineMemcacheClient.get(key: String): T? =
    get(key, T::class)

/**
 * The value under [key] as an entry of [T]: `null` on a miss, an entry whose value is `null` when
 * `null` (Python `None`) is stored; see [CoroutineMemcacheClient.getEntry].
 */
public suspend inline fun <reified T : Any> CoroutineMemcacheClient.getEntry(
    key: String
): CacheEntry<T?>? = getEntry(key, T::class)

/**
 * The values found for [keys] as [T] (misses are absent); see [CoroutineMemcacheClient.getMulti]
 * with a type.
 */
public suspend inline fun <reified T : Any> CoroutineMemcacheClient.getMulti(
    keys: Collection<String>
): Map<String, T?> = getMulti(keys, T::class)
