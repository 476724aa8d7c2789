package dev.memcache.coroutines

import dev.memcache.testkit.MemcachedServer
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope

/**
 * Calls a coroutine starts one after another (without awaiting in between) reach the server in that
 * order, also on a fresh client whose connection is still opening.
 */
class IssueOrderIT :
    FunSpec({
        val server = MemcachedServer.builder().start()
        afterSpec { server.close() }

        for (protocol in PROTOCOLS) {
            test("$protocol: a fresh client's set is seen by the get started right after it") {
                var misses = 0
                repeat(50) { run ->
                    clientFor(server, protocol).use { client ->
                        coroutineScope {
                            val key = "fresh-$protocol-$run"
                            // UNDISPATCHED: each call is sent before the next one starts.
                            val set =
                                async(start = CoroutineStart.UNDISPATCHED) {
                                    client.set(key, "v$run")
                                }
                            val get =
                                async(start = CoroutineStart.UNDISPATCHED) {
                                    client.getString(key)
                                }
                            set.await() shouldBe true
                            if (get.await() != "v$run") misses++
                        }
                    }
                }
                misses shouldBe 0
            }
        }
    })
