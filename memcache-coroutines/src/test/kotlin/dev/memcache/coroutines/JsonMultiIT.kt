package dev.memcache.coroutines

import dev.memcache.core.MemcacheDecodeException
import dev.memcache.core.Protocol
import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedFleet
import dev.memcache.testkit.MemcachedServer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.Socket
import java.time.Duration as JavaDuration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.serialization.builtins.nullable

/**
 * `getMultiJson`, `addJson` and `replaceJson`: the JSON commands of Java's `json()` view, on the
 * Kotlin client, against real memcached (one server and a fleet of three), Java's client and the
 * Python clients.
 */
class JsonMultiIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        val fleet = MemcachedFleet(3)
        val clients = PROTOCOLS.associateWith { clientFor(server, it) }
        val fleetClients = PROTOCOLS.associateWith { protocol ->
            CoroutineMemcacheClient {
                servers(fleet.addresses())
                this.protocol = protocol
                operationTimeout = 5.seconds
            }
        }
        val java = MemcacheClient.builder().servers(server.address()).build()
        val javaOnFleet = MemcacheClient.builder().servers(fleet.addresses()).build()
        afterSpec {
            (clients.values + fleetClients.values).forEach { it.close() }
            java.close()
            javaOnFleet.close()
            fleet.close()
            server.close()
        }
        val ada = Profile(1, "Ada Lovelace ✓", listOf("math", "ünïcode"), Address("London", "NW1"))

        /** The flags and bytes of [key] as [on] holds them, read over a raw text connection. */
        fun raw(key: String, on: MemcachedServer = server): Pair<Int, String>? =
            Socket(on.host(), on.port()).use { s ->
                s.getOutputStream().write("get $key\r\n".toByteArray())
                val reader = s.getInputStream().bufferedReader(Charsets.UTF_8)
                val header = reader.readLine().split(' ')
                if (header[0] == "END") null else header[2].toInt() to reader.readLine()
            }

        for ((protocol, cache) in clients) context("one server, over $protocol") {
            val p = "$protocol:"

            test("getMultiJson returns the keys found, misses absent, with either form") {
                val profiles = (1L..3L).associate { "${p}mj:$it" to ada.copy(id = it) }
                for ((key, profile) in profiles) cache.setJson(key, profile) shouldBe true
                val asked = profiles.keys + listOf("${p}mj:absent-1", "${p}mj:absent-2")
                val found = cache.getMultiJson<Profile>(asked)
                found shouldBe profiles
                cache.getMultiJson(asked, Profile.serializer()) shouldBe profiles
                cache.getMultiJson<Profile>(listOf("${p}mj:absent-1")).shouldBeEmpty()
                cache.getMultiJson<Profile>(emptyList()).shouldBeEmpty()
            }

            test("getMultiJson reads Python-style str JSON and raw UTF-8 bytes alike") {
                cache.set("${p}mj:text", """{"count":1}""") shouldBe true
                cache.set("${p}mj:bytes", """{"count":2}""".toByteArray()) shouldBe true
                cache.getMultiJson<Visits>(listOf("${p}mj:text", "${p}mj:bytes")) shouldBe
                    mapOf("${p}mj:text" to Visits(1), "${p}mj:bytes" to Visits(2))
            }

            test("a value that is not JSON for the type fails naming its key, as getJson does") {
                cache.setJson("${p}mj:good", Visits(9))
                val cases =
                    mapOf<String, Any>(
                        "${p}mj:not-json" to "{not json",
                        "${p}mj:a-long" to 12L,
                        "${p}mj:not-utf8" to byteArrayOf(0xC3.toByte(), 0x28),
                        "${p}mj:wrong-shape" to """{"city":"Paris"}""",
                    )
                for ((key, value) in cases) {
                    cache.set(key, value) shouldBe true
                    val multi =
                        shouldThrow<MemcacheDecodeException> {
                            cache.getMultiJson<Visits>(listOf("${p}mj:good", key))
                        }
                    multi.message shouldContain "'$key'"
                    val single = shouldThrow<MemcacheDecodeException> { cache.getJson<Visits>(key) }
                    multi.message shouldBe single.message
                }
                // the connection is still in step
                cache.getMultiJson<Visits>(listOf("${p}mj:good")) shouldBe
                    mapOf("${p}mj:good" to Visits(9))
            }

            test("a stored JSON null is a key mapped to null for T?, and fails for T, like Java") {
                val jsonNull = "${p}mj:json-null"
                val storedNull = "${p}mj:stored-null"
                cache.setJson<Shipment?>(jsonNull, null) shouldBe true
                raw(jsonNull) shouldBe (16 to "null")
                cache.set(storedNull, null) shouldBe true
                cache.setJson("${p}mj:ship", shipment(1))
                val keys = listOf(jsonNull, storedNull, "${p}mj:ship", "${p}mj:none")
                val nullable = cache.getMultiJson<Shipment?>(keys)
                nullable shouldBe
                    mapOf(jsonNull to null, storedNull to null, "${p}mj:ship" to shipment(1))
                cache.getMultiJson(keys, Shipment.serializer().nullable) shouldBe nullable
                // Java's getMultiJson: the same keys, the same nulls
                java.json().getMultiJson(keys, Shipment::class.java) shouldBe nullable
                for (key in listOf(jsonNull, storedNull)) {
                    shouldThrow<MemcacheDecodeException> {
                            cache.getMultiJson<Shipment>(listOf("${p}mj:ship", key))
                        }
                        .message shouldBe
                        "key '$key' holds JSON null, but ${Shipment.serializer().descriptor.serialName} is not nullable: read it as a nullable type to get the null"
                }
                cache.getJson<Shipment?>(jsonNull).shouldBeNull()
                shouldThrow<MemcacheDecodeException> { cache.getJson<Shipment>(jsonNull) }
                    .message shouldContain "'$jsonNull' holds JSON null"
            }

            test("addJson stores only an absent key, as JSON text under flags 16") {
                val key = "${p}add"
                cache.addJson(key, Visits(1), ttl = 5.minutes) shouldBe true
                raw(key) shouldBe (16 to """{"count":1}""")
                cache.addJson(key, Visits(2)) shouldBe false
                cache.addJson(key, Visits(3), Visits.serializer()) shouldBe false
                cache.getJson<Visits>(key) shouldBe Visits(1)
                cache.set("${p}add:plain", "not json") shouldBe true
                cache.addJson("${p}add:plain", Visits(4)) shouldBe false
                cache.get("${p}add:plain") shouldBe "not json"
            }

            test("replaceJson stores only an existing key, whatever it held") {
                val key = "${p}replace"
                cache.replaceJson(key, Visits(1)) shouldBe false
                cache.get(key).shouldBeNull()
                cache.set(key, 42L) shouldBe true
                cache.replaceJson(key, Visits(2), ttl = 5.minutes) shouldBe true
                raw(key) shouldBe (16 to """{"count":2}""")
                cache.replaceJson(key, Visits(3), Visits.serializer()) shouldBe true
                cache.getJson<Visits>(key) shouldBe Visits(3)
            }

            test("a bad key or TTL is refused before anything is sent") {
                val good = "${p}edge:good"
                val tooLong = "k".repeat(300) // over memcached's 250 bytes, on every protocol
                cache.setJson(good, Visits(1)) shouldBe true
                shouldThrow<IllegalArgumentException> {
                    cache.getMultiJson<Visits>(listOf(good, tooLong))
                }
                shouldThrow<IllegalArgumentException> { cache.addJson("", Visits(2)) }
                shouldThrow<IllegalArgumentException> { cache.replaceJson(tooLong, Visits(2)) }
                shouldThrow<IllegalArgumentException> {
                    cache.replaceJson(good, Visits(3), ttl = (-1).seconds)
                }
                shouldThrow<IllegalArgumentException> {
                    cache.addJson("${p}edge:new", Visits(4), ttl = (-1).seconds)
                }
                raw("${p}edge:new").shouldBeNull()
                cache.getMultiJson<Visits>(listOf(good)) shouldBe mapOf(good to Visits(1))
            }

            test("addJson and replaceJson through a codec that does not store text send nothing") {
                val points = cache.withValueCodec(PointCodec)
                cache.set("${p}cond:exists", "x") shouldBe true
                shouldThrow<IllegalArgumentException> { points.addJson("${p}cond:new", Tag("a")) }
                    .message shouldContain "does not store a String as text"
                shouldThrow<IllegalArgumentException> {
                        points.replaceJson("${p}cond:exists", Tag("b"))
                    }
                    .message shouldContain "does not store a String as text"
                raw("${p}cond:new").shouldBeNull()
                cache.get("${p}cond:exists") shouldBe "x"
            }
        }

        for ((protocol, cache) in fleetClients) context("three servers, over $protocol") {
            test("getMultiJson gathers keys spread over every server, with misses") {
                val written = (0 until 60).associate { "$protocol:fleet:$it" to Visits(it) }
                for ((key, visits) in written) cache.setJson(key, visits) shouldBe true
                fleet.locate(written.keys.toList()).toSet() shouldBe setOf(0, 1, 2)
                val missing = (0 until 30).map { "$protocol:fleet:missing:$it" }
                val asked = (written.keys + missing).shuffled(kotlin.random.Random(7))
                cache.getMultiJson<Visits>(asked) shouldBe written
            }

            test("a bad value on one server fails the whole call naming its key") {
                val keys = (0 until 30).map { "$protocol:fleet-bad:$it" }
                for (key in keys) cache.setJson(key, Visits(1))
                val bad = keys[17]
                cache.set(bad, "{oops") shouldBe true
                shouldThrow<MemcacheDecodeException> { cache.getMultiJson<Visits>(keys) }
                    .message shouldContain "'$bad'"
                cache.setJson(bad, Visits(17))
                cache.getMultiJson<Visits>(keys)[bad] shouldBe Visits(17)
            }

            test("Java and Kotlin read each other's JSON across the fleet") {
                // 60 keys: where keys land depends on the fleet's random ports; 12 missed a
                // server about one run in ten (3 x (2/3)^12 per protocol), 60 keys practically
                // never
                val fromJava = (0 until 60).associate { "$protocol:jf:$it" to shipment(it) }
                for ((key, value) in fromJava) {
                    javaOnFleet.json().setJson(key, value, JavaDuration.ZERO) shouldBe true
                }
                fleet.locate(fromJava.keys.toList()).toSet() shouldBe setOf(0, 1, 2)
                cache.getMultiJson<Shipment>(fromJava.keys + "$protocol:jf:none") shouldBe fromJava

                val fromKotlin = (0 until 12).associate { "$protocol:kf:$it" to shipment(it) }
                for ((key, value) in fromKotlin) cache.setJson(key, value) shouldBe true
                javaOnFleet
                    .json()
                    .getMultiJson(
                        fromKotlin.keys + "$protocol:kf:none",
                        Shipment::class.java,
                    ) shouldBe fromKotlin
            }
        }

        test("Java's getMultiJson reads what Kotlin's setJson and addJson wrote") {
            val cache = clients.getValue(Protocol.BINARY)
            cache.setJson("interop:set", shipment(1)) shouldBe true
            cache.addJson("interop:add", shipment(2)) shouldBe true
            cache.replaceJson("interop:add", shipment(3)) shouldBe true
            val keys = listOf("interop:set", "interop:add", "interop:none")
            java.json().getMultiJson(keys, Shipment::class.java) shouldBe
                mapOf("interop:set" to shipment(1), "interop:add" to shipment(3))
            java.async().json().getMultiJson(keys, Shipment::class.java).join() shouldBe
                mapOf("interop:set" to shipment(1), "interop:add" to shipment(3))
        }

        test("Kotlin's getMultiJson reads what Java's setJson, addJson and replaceJson wrote") {
            java.json().setJson("j:set", shipment(4), JavaDuration.ofMinutes(5)) shouldBe true
            java.json().addJson("j:add", shipment(5), JavaDuration.ZERO) shouldBe true
            java.set("j:replace", "plain") shouldBe true
            java.json().replaceJson("j:replace", shipment(6), JavaDuration.ZERO) shouldBe true
            val expected =
                mapOf("j:set" to shipment(4), "j:add" to shipment(5), "j:replace" to shipment(6))
            for (cache in clients.values) {
                cache.getMultiJson<Shipment>(expected.keys + "j:none") shouldBe expected
                // and Kotlin's addJson/replaceJson see Java's keys as existing
                cache.addJson("j:add", shipment(0)) shouldBe false
            }
        }

        test("the Python clients json.loads what Kotlin's addJson and replaceJson wrote") {
            val cache = clients.getValue(Protocol.META)
            cache.addJson("py:add", ada) shouldBe true
            cache.set("py:replace", 1L) shouldBe true
            cache.replaceJson("py:replace", ada.copy(id = 2, tags = emptyList())) shouldBe true
            val expected =
                mapOf(
                    "py:add" to
                        """{"address": {"city": "London", "zip": "NW1"}, "id": 1, "name": "Ada Lovelace ✓", "tags": ["math", "ünïcode"]}""",
                    "py:replace" to
                        """{"address": {"city": "London", "zip": "NW1"}, "id": 2, "name": "Ada Lovelace ✓", "tags": []}""",
                )
            for (module in listOf("pymemcache", "memcache")) {
                for ((key, json) in expected) {
                    python(
                        module,
                        READ_JSON_STR,
                        module,
                        server.host(),
                        server.port().toString(),
                        key,
                    ) shouldBe "str $json"
                }
            }
        }

        test("Kotlin's getMultiJson reads the str JSON each Python client stored") {
            val keys =
                listOf("pymemcache", "memcache").map { module ->
                    val key = "py:from-$module"
                    python(
                        module,
                        WRITE_STR,
                        module,
                        server.host(),
                        server.port().toString(),
                        key,
                        """{"id": 3, "name": "$module ✓", "extra": [1, 2]}""",
                    )
                    key
                }
            for (cache in clients.values) {
                cache.getMultiJson<Profile>(keys + "py:none") shouldBe
                    mapOf(
                        "py:from-pymemcache" to Profile(3, "pymemcache ✓"),
                        "py:from-memcache" to Profile(3, "memcache ✓"),
                    )
            }
        }
    })

private fun shipment(i: Int) = Shipment(i.toLong(), "Zürich ✓ $i", listOf("ünï", "box $i"), i * 0.5)
