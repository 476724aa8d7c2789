package dev.memcache.coroutines

import dev.memcache.core.MemcacheDecodeException
import dev.memcache.core.Protocol
import dev.memcache.core.codec.CachedValue
import dev.memcache.core.codec.PythonValueCodec
import dev.memcache.core.codec.ValueCodec
import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.io.ByteArrayOutputStream
import kotlinx.serialization.Serializable

internal data class Point(val x: Int, val label: String)

/**
 * Protobuf-like, as a user's codec would be: field 1 a varint, field 2 length-delimited UTF-8,
 * under its own flag bit.
 */
internal object PointCodec : ValueCodec {
    const val PROTO: Int = 1 shl 7

    override fun encode(value: Any?): CachedValue {
        require(value is Point) { "PointCodec stores a Point, not $value" }
        val out = ByteArrayOutputStream()
        val label = value.label.encodeToByteArray()
        out.write(0x08)
        out.varint(value.x.toLong() and 0xffffffffL)
        out.write(0x12)
        out.varint(label.size.toLong())
        out.write(label)
        return CachedValue(PROTO, out.toByteArray())
    }

    override fun decode(key: String, flags: Int, bytes: ByteArray): Any {
        if (flags != PROTO)
            throw MemcacheDecodeException("key '$key' has flags $flags, not a Point ($PROTO)")
        var at = 0
        fun varint(): Long {
            var result = 0L
            var shift = 0
            while (true) {
                val b = bytes[at++].toInt()
                result = result or ((b and 0x7f).toLong() shl shift)
                if (b and 0x80 == 0) return result
                shift += 7
            }
        }
        check(bytes[at++].toInt() == 0x08) { "field 1 expected" }
        val x = varint().toInt()
        check(bytes[at++].toInt() == 0x12) { "field 2 expected" }
        val length = varint().toInt()
        return Point(x, bytes.decodeToString(at, at + length))
    }

    private fun ByteArrayOutputStream.varint(value: Long) {
        var v = value
        while (v >= 0x80) {
            write(((v and 0x7f) or 0x80).toInt())
            v = v ushr 7
        }
        write(v.toInt())
    }
}

@Serializable internal data class Tag(val name: String)

/**
 * `withValueCodec`: a user's codec for some calls beside the default one, over the same
 * connections.
 */
class ValueCodecViewIT :
    FunSpec({
        val memcached = MemcachedServer.builder().start()
        afterSpec { memcached.close() }

        suspend fun CoroutineMemcacheClient.totalConnections() =
            stats().getValue(memcached.address()).getValue("total_connections")

        test(
            "a view stores with its codec while the default codec keeps working on the same connection"
        ) {
            clientFor(memcached, Protocol.TEXT) { connectionsPerServer = 1 }
                .use { cache ->
                    cache.set("greeting", "héllo")
                    val before = cache.totalConnections()
                    val points = cache.withValueCodec(PointCodec)
                    points.set("point", Point(-3, "ünïcode")) shouldBe true
                    points.get("point") shouldBe Point(-3, "ünïcode")
                    points.noReply.set("point:2", Point(300, ""))
                    points.getMulti(listOf("point", "point:2")) shouldBe
                        mapOf("point" to Point(-3, "ünïcode"), "point:2" to Point(300, ""))
                    cache.get("greeting") shouldBe "héllo"
                    shouldThrow<MemcacheDecodeException> { cache.get("point") }
                        .message shouldContain "point"
                    shouldThrow<MemcacheDecodeException> { points.get("greeting") }
                        .message shouldContain "greeting"
                    cache.totalConnections() shouldBe before
                    points.config.valueCodec() shouldBeSameInstanceAs PointCodec
                    cache.config.valueCodec() shouldBeSameInstanceAs PythonValueCodec.DEFAULT
                }
        }

        test("closing a view leaves its parent working") {
            clientFor(memcached, Protocol.TEXT).use { cache ->
                val points = cache.withValueCodec(PointCodec)
                points.set("point", Point(1, "a"))
                points.close()
                cache.set("after", "still open") shouldBe true
                cache.get("after") shouldBe "still open"
                points.get("point") shouldBe Point(1, "a")
            }
        }

        test("a Java view as a coroutine client uses the view's codec") {
            MemcacheClient.builder().servers(memcached.address()).build().use { java ->
                val points = java.withValueCodec(PointCodec).asCoroutineClient()
                points.set("java-point", Point(7, "j"))
                java.withValueCodec(PointCodec).get("java-point") shouldBe Point(7, "j")
                points.close()
                java.set("java-after", 1) shouldBe true
            }
        }

        test("JSON through a view whose codec does not store text fails clearly") {
            clientFor(memcached, Protocol.TEXT).use { cache ->
                val points = cache.withValueCodec(PointCodec)
                shouldThrow<IllegalArgumentException> {
                        points.setJson("tag", Tag("x"), Tag.serializer())
                    }
                    .message shouldContain "does not store a String as text"
                cache.setJson("tag", Tag("x"), Tag.serializer()) shouldBe true
            }
        }
    })
