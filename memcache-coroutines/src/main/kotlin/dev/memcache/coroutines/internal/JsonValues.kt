package dev.memcache.coroutines.internal

import dev.memcache.core.MemcacheDecodeException
import dev.memcache.core.codec.ValueCodec
import dev.memcache.core.internal.JsonText
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.SerializationStrategy
import kotlinx.serialization.json.Json

/**
 * JSON values through kotlinx-serialization: encoded to a `String`, which the value codec stores as
 * UTF-8 under flags 16 (docs/architecture.md), so Python clients read a `str`; decoded from that
 * text or raw UTF-8 bytes. What is not kotlinx's (which codecs may store JSON, what counts as JSON
 * text) is the core's [JsonText], shared with the Java client's Jackson commands.
 */
internal class JsonValues(private val json: Json, codec: ValueCodec) {
    private val jsonText = JsonText(codec)

    fun <T> encode(key: String, value: T, serializer: SerializationStrategy<T>): String {
        jsonText.checkWritable(key)
        return json.encodeToString(serializer, value)
    }

    /** [stored] read as JSON for [deserializer]; `null` for a miss (or a stored `null`). */
    fun <T> decode(key: String, stored: Any?, deserializer: DeserializationStrategy<T>): T? =
        JsonText.of(key, stored)?.let { parse(key, it, deserializer) }

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
            values[key] = parse(key, JsonText.of(key, value) ?: "null", deserializer)
        }
        return values
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
}
