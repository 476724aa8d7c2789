package dev.memcache.coroutines

import dev.memcache.java.MemcacheClient
import dev.memcache.testkit.MemcachedServer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlinx.serialization.Serializable

/**
 * A record for Jackson (Java's JSON) and a serializable class for kotlinx-serialization at once.
 */
@JvmRecord
@Serializable
data class Shipment(val id: Long, val city: String, val items: List<String>, val weight: Double)

/** JSON written by the Java client's `json()` view is read by Kotlin's `getJson`, and back. */
class JavaJsonInteropIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        val java = MemcacheClient.builder().servers(server.address()).build()
        val kotlin = PROTOCOLS.associateWith { clientFor(server, it) }
        afterSpec {
            kotlin.values.forEach { it.close() }
            java.close()
            server.close()
        }
        val parcel = Shipment(7, "Zürich ✓", listOf("ünï", "box"), 1.25)

        for ((protocol, cache) in kotlin) context("Kotlin over $protocol") {
            test("Kotlin's getJson reads what Java's setJson wrote") {
                java.json().setJson("jk:$protocol", parcel, Duration.ofMinutes(5)) shouldBe true
                cache.getJson<Shipment>("jk:$protocol") shouldBe parcel
            }

            test("Java's getJson reads what Kotlin's setJson wrote, blocking and async") {
                cache.setJson("kj:$protocol", parcel, ttl = 5.minutes) shouldBe true
                java.json().getJson("kj:$protocol", Shipment::class.java) shouldBe parcel
                java.async().json().getJson("kj:$protocol", Shipment::class.java).join() shouldBe
                    parcel
                java.json().getMultiJson(listOf("kj:$protocol"), Shipment::class.java) shouldBe
                    mapOf("kj:$protocol" to parcel)
            }

            test("Java's updateJson updates what Kotlin's setJson wrote, and Kotlin reads it") {
                cache.setJson("ukj:$protocol", parcel, ttl = 5.minutes) shouldBe true
                val heavier = parcel.copy(items = parcel.items + "more", weight = 2.5)
                java.json().updateJson("ukj:$protocol", Shipment::class.java, Duration.ZERO) {
                    it.copy(items = it.items + "more", weight = it.weight * 2)
                } shouldBe heavier
                cache.getJson<Shipment>("ukj:$protocol") shouldBe heavier
                cache.updateJson<Shipment>("ukj:$protocol") { it!!.copy(weight = 3.0) }
                java.json().getJson("ukj:$protocol", Shipment::class.java) shouldBe
                    heavier.copy(weight = 3.0)
            }
        }
    })
