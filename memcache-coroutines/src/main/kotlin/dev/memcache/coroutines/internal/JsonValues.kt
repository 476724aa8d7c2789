package dev.memcache.coroutines.internal

import dev.memcache.core.MemcacheDecodeException
import dev.memcache.core.codec.Flags
import dev.memcache.core.codec.ValueCodec
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.json.Json

/**
 * JSON values as text: encoded to a `String`, which the value codec stores as UTF-8 under flags 16
 * (docs/architecture.md), so Python clients read a `str`. Decoding accepts that text or raw UTF-8
 * bytes.
 */
internal class JsonValues(private val json: Json, private val codec: ValueCodec) {

    /**
     * Whether the codec stores strings as text; a custom codec might not (or refuse strings), and
     * JSON relies on it.
     */
    private val codecStoresText: Boolean by lazy {
        try {
            codec.encode("{}").flags() and Flags.TEXT != 0
        } catch (e: IllegalArgumentException) {
            false
        }
    }

    fun <T> encode(key: String, value: T, serializer: SerializationStrategy<T>): String {
        require(codecStoresText) {
            "cannot store JSON for key '$key': the value codec ${codec.javaClass.name} does not store a String as text (flags 16)"
        }
        return json.encodeToString(serializer, value)
    }

    fun <T> decode(key: String, stored: Any?, deserializer: DeserializationStrategy<T>): T? {
        val text =
            when (stored) {
                null -> return null
                is String -> stored
                is ByteArray -> utf8(key, stored)
                else ->
                    throw MemcacheDecodeException(
                        "key '$key' holds a ${stored.javaClass.name}, not JSON text"
                    )
            }
        try {
            return json.decodeFromString(deserializer, text)
        } catch (e: SerializationException) {
            throw MemcacheDecodeException(
                "key '$key' is not JSON for ${deserializer.descriptor.serialName}: ${e.message}",
                e,
            )
        } catch (e: IllegalArgumentException) {
            throw MemcacheDecodeException(
                "key '$key' holds JSON that ${deserializer.descriptor.serialName} rejects: ${e.message}",
                e,
            )
        }
    }

    private fun utf8(key: String, bytes: ByteArray): String =
        try {
            bytes.decodeToString(throwOnInvalidSequence = true)
        } catch (e: CharacterCodingException) {
            throw MemcacheDecodeException("key '$key' holds bytes that are not UTF-8 JSON text", e)
        }
}
