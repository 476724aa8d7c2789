package dev.memcache.coroutines

/** The Kotlin coroutine API lands here (suspend functions over the same core as the Java API). */
internal object Placeholder
