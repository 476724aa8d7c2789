package dev.memcache.coroutines

import dev.memcache.core.MemcacheDecodeException
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.Socket
import kotlin.time.Duration.Companion.minutes
import kotlinx.serialization.Serializable
import kotlinx.serialization.builtins.ListSerializer
import kotlinx.serialization.json.Json

@Serializable data class Address(val city: String, val zip: String)

@Serializable
data class Profile(
    val id: Long,
    val name: String,
    val tags: List<String> = emptyList(),
    val address: Address? = null,
)

@Serializable data class Visits(val count: Int)

/** JSON values: UTF-8 text under flags 16, readable as `str` by the Python clients and back. */
class JsonIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        val clients = PROTOCOLS.associateWith { clientFor(server, it) }
        afterSpec {
            clients.values.forEach { it.close() }
            server.close()
        }
        val ada = Profile(1, "Ada Lovelace ✓", listOf("math", "ünïcode"), Address("London", "NW1"))

        /**
         * The flags and bytes of [key] as the server holds them, read over a raw text connection.
         */
        fun raw(key: String): Pair<Int, String> =
            Socket(server.host(), server.port()).use { s ->
                s.getOutputStream().write("get $key\r\n".toByteArray())
                val reader = s.getInputStream().bufferedReader(Charsets.UTF_8)
                val header = reader.readLine().split(' ')
                header[2].toInt() to reader.readLine()
            }

        for ((protocol, cache) in clients) context("over $protocol") {
            test(
                "a data class round-trips through the reified and the explicit-serializer functions"
            ) {
                cache.setJson("json:ada", ada, ttl = 5.minutes) shouldBe true
                cache.getJson<Profile>("json:ada") shouldBe ada
                cache.getJson("json:ada", Profile.serializer()) shouldBe ada
                cache.setJson(
                    "json:list",
                    listOf(ada, ada.copy(id = 2)),
                    ListSerializer(Profile.serializer()),
                )
                cache.getJson<List<Profile>>("json:list")!!.map { it.id } shouldBe listOf(1L, 2L)
                cache.getJson<Profile>("json:absent").shouldBeNull()
            }

            test("JSON is stored as UTF-8 text under flags 16") {
                cache.setJson("json:raw", Visits(3))
                raw("json:raw") shouldBe (16 to """{"count":3}""")
            }

            test("Python clients read the JSON as a str that json.loads accepts") {
                cache.setJson("json:py", ada)
                val expected =
                    """{"address": {"city": "London", "zip": "NW1"}, "id": 1, "name": "Ada Lovelace ✓", "tags": ["math", "ünïcode"]}"""
                for (module in listOf("pymemcache", "memcache")) {
                    python(
                        module,
                        READ_JSON_STR,
                        module,
                        server.host(),
                        server.port().toString(),
                        "json:py",
                    ) shouldBe "str $expected"
                }
            }

            test(
                "JSON written by Python as a str is read, unknown fields ignored by the default Json"
            ) {
                for (module in listOf("pymemcache", "memcache")) {
                    val key = "json:from-$module"
                    val text =
                        """{"id": 7, "name": "Grace ✓", "tags": ["navy"], "added_by_python": true}"""
                    python(
                        module,
                        WRITE_STR,
                        module,
                        server.host(),
                        server.port().toString(),
                        key,
                        text,
                    )
                    raw(key).first shouldBe 16
                    cache.getJson<Profile>(key) shouldBe Profile(7, "Grace ✓", listOf("navy"))
                }
            }

            test("JSON stored as raw UTF-8 bytes is read too") {
                cache.set("json:bytes", """{"count":5}""".toByteArray())
                cache.getJson<Visits>("json:bytes") shouldBe Visits(5)
            }

            test(
                "a value that is not JSON for the type fails clearly and leaves the connection usable"
            ) {
                cache.set("json:bad", "{not json")
                shouldThrow<MemcacheDecodeException> { cache.getJson<Visits>("json:bad") }
                    .message shouldContain "json:bad"
                cache.set("json:number", 12L)
                shouldThrow<MemcacheDecodeException> { cache.getJson<Visits>("json:number") }
                    .message shouldContain "json:number"
                cache.set("json:other", """{"city":"Paris"}""")
                shouldThrow<MemcacheDecodeException> { cache.getJson<Profile>("json:other") }
                cache.getJson<Visits>("json:raw") shouldBe Visits(3)
            }

            test("updateJson applies a transform with gets/cas") {
                repeat(3) {
                    cache.updateJson<Visits>("json:visits:$protocol") {
                        Visits((it?.count ?: 0) + 1)
                    }
                }
                cache.getJson<Visits>("json:visits:$protocol") shouldBe Visits(3)
            }

            test("the Json set on the builder is the one used") {
                clientFor(server, protocol) { json = Json { encodeDefaults = false } }
                    .use { lean ->
                        lean.setJson("json:lean", Profile(9, "Lean"))
                        raw("json:lean").second shouldBe """{"id":9,"name":"Lean"}"""
                    }
                cache.setJson("json:full", Profile(9, "Full"))
                raw("json:full").second shouldBe
                    """{"id":9,"name":"Full","tags":[],"address":null}"""
            }
        }
    })

/** argv: module host port key. Prints the Python type name and the value re-encoded canonically. */
internal val READ_JSON_STR =
    """
    import sys, json
    module, host, port, key = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if module == "pymemcache":
        from pymemcache.client.base import Client
        from pymemcache import serde
        value = Client((host, port), serde=serde.pickle_serde).get(key)
    else:
        import memcache
        value = memcache.Client(["%s:%d" % (host, port)]).get(key)
    print(type(value).__name__, json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False))
    """
        .trimIndent()

/** argv: module host port key text. Stores text as a Python str. */
internal val WRITE_STR =
    """
    import sys
    module, host, port, key, text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    if module == "pymemcache":
        from pymemcache.client.base import Client
        from pymemcache import serde
        ok = Client((host, port), serde=serde.pickle_serde).set(key, text)
    else:
        import memcache
        ok = memcache.Client(["%s:%d" % (host, port)]).set(key, text)
    assert ok, "python could not store %r" % key
    """
        .trimIndent()
