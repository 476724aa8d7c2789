package dev.memcache.coroutines.internal

import dev.memcache.core.MemcacheException
import dev.memcache.coroutines.CoroutineMemcacheClient
import kotlin.time.Duration
import kotlinx.coroutines.yield

/**
 * Attempts before `update` gives up: bounded, so a hot key cannot spin forever (as in the Java
 * client).
 */
internal const val MAX_UPDATE_ATTEMPTS = 64

/**
 * The gets/cas loop behind `update` and `updateJson`: [read] turns the stored value into [T],
 * [write] turns [T] into what is stored. An absent key is created with `add`, so a concurrent
 * creator makes this attempt lose and retry rather than overwrite.
 */
internal suspend fun <T : Any> casLoop(
    client: CoroutineMemcacheClient,
    key: String,
    ttl: Duration,
    read: (stored: Any?) -> T?,
    write: (value: T) -> Any,
    transform: suspend (current: T?) -> T,
): T {
    repeat(MAX_UPDATE_ATTEMPTS) { attempt ->
        val current = client.gets(key)
        val next = transform(current?.let { read(it.value()) })
        val stored =
            if (current == null) {
                client.add(key, write(next), ttl)
            } else {
                client.cas(key, write(next), current.cas(), ttl)
            }
        if (stored) return next
        if (attempt > 2) yield() // let the writers we race with finish
    }
    throw MemcacheException(
        "update of key '$key' did not store in $MAX_UPDATE_ATTEMPTS attempts: other writers won each time, or (with the MISS failure policy) the server is down"
    )
}
