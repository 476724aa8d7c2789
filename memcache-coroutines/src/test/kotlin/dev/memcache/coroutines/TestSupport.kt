package dev.memcache.coroutines

import dev.memcache.core.Protocol
import dev.memcache.testkit.DebianPython
import dev.memcache.testkit.MemcachedServer
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
 * Runs [script] with Debian's python3 (the test kit's [DebianPython]) and returns its standard
 * output, stripped. Fails (never skips) with the install command when the [module] it imports is
 * missing. Arguments reach Python intact whatever the locale: the test kit passes them in a UTF-8
 * file, not on the command line.
 */
internal fun python(module: String, script: String, vararg args: String): String {
    DebianPython.requireModules(module)
    return DebianPython.run(script, "", *args).trim()
}
