package dev.memcache.coroutines

import dev.memcache.core.Protocol
import dev.memcache.testkit.MemcachedServer
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/** The protocols every spec runs over: all of them. */
internal val PROTOCOLS: List<Protocol> = Protocol.entries

/** A coroutine client for [server] over [protocol]; extra settings in [configure]. */
internal fun clientFor(
    server: MemcachedServer,
    protocol: Protocol,
    configure: CoroutineMemcacheClientBuilder.() -> Unit = {},
): CoroutineMemcacheClient = CoroutineMemcacheClient {
    servers(server.address())
    this.protocol = protocol
    operationTimeout = 5.seconds
    configure()
}

/**
 * Debian's own python3: the one apt's python3-memcache and python3-pymemcache install into (not a
 * pyenv build).
 */
private const val DEBIAN_PYTHON = "/usr/bin/python3"

/**
 * Runs [script] with Debian's python3 and returns its standard output, stripped. Fails (never
 * skips) with the install command when python3 or the [module] it imports is missing.
 */
internal fun python(module: String, script: String, vararg args: String): String {
    val aptPackage =
        mapOf("pymemcache" to "python3-pymemcache", "memcache" to "python3-memcache")
            .getValue(module)
    val install =
        "install it with: sudo apt-get update && sudo apt-get install -y python3 $aptPackage"
    check(java.io.File(DEBIAN_PYTHON).canExecute()) { "$DEBIAN_PYTHON is missing; $install" }
    val probe =
        ProcessBuilder(DEBIAN_PYTHON, "-c", "import $module").redirectErrorStream(true).start()
    check(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        "$DEBIAN_PYTHON cannot import $module (${probe.inputStream.bufferedReader().readText().trim()}); $install"
    }
    val process =
        ProcessBuilder(listOf(DEBIAN_PYTHON, "-c", script) + args)
            .apply { environment() += mapOf("LC_ALL" to "C.UTF-8", "PYTHONIOENCODING" to "utf-8") }
            .start()
    val out = process.inputStream.bufferedReader().readText()
    val err = process.errorStream.bufferedReader().readText()
    check(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
        "python failed: $err"
    }
    return out.trim()
}
