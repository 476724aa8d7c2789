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

    /** [stored] read as JSON for [deserializer]; `null` for a miss (or a stored `null`). */
    fun <T> decode(key: String, stored: Any?, deserializer: DeserializationStrategy<T>): T? =
        if (stored == null) null else parse(key, text(key, stored), deserializer)

    /**
     * Every value of a multi-get read as JSON for [deserializer], in the map's order. A stored
     * `null` (not JSON text: `set(key, null)`, Python `None`) reads as JSON `null`, as Java's
     * `getMultiJson` reads it: a key mapped to `null` when [deserializer] is nullable, a
     * [MemcacheDecodeException] naming the key when it is not.
     */
    fun <T> decodeAll(
        stored: Map<String, Any?>,
        deserializer: DeserializationStrategy<T>,
    ): Map<String, T> {
        val values = LinkedHashMap<String, T>(stored.size * 2)
        for ((key, value) in stored) {
            values[key] = parse(key, if (value == null) "null" else text(key, value), deserializer)
        }
        return values
    }

    private fun text(key: String, stored: Any): String =
        when (stored) {
            is String -> stored
            is ByteArray -> utf8(key, stored)
            else ->
                throw MemcacheDecodeException(
                    "key '$key' holds a ${stored.javaClass.name}, not JSON text"
                )
        }

    private fun <T> parse(key: String, text: String, deserializer: DeserializationStrategy<T>): T {
        try {
            return json.decodeFromString(deserializer, text)
        } catch (e: SerializationException) {
            if (text.trim() == "null" && !deserializer.descriptor.isNullable) {
                throw MemcacheDecodeException(
                    "key '$key' holds JSON null, but ${deserializer.descriptor.serialName} is not nullable: read it as a nullable type to get the null",
                    e,
                )
            }
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
