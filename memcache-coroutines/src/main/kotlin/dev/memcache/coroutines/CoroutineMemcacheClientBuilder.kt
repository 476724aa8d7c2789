package dev.memcache.coroutines

import dev.memcache.core.ClientConfig
import dev.memcache.core.Protocol
import dev.memcache.core.ServerAddress
import dev.memcache.core.codec.ValueCodec
import dev.memcache.core.event.MemcacheListener
import dev.memcache.core.internal.ClientCore
import dev.memcache.core.internal.Cluster
import dev.memcache.coroutines.internal.RealCoroutineClient
import dev.memcache.java.MemcacheClient
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration
import kotlinx.serialization.json.Json

/** Marks the client settings DSL, so nested blocks cannot reach outer receivers by accident. */
@DslMarker public annotation class MemcacheDsl

/**
 * A client built from settings; it owns its connections, which [CoroutineMemcacheClient.close]
 * closes. It connects lazily, on the first request to each server.
 *
 * ```
 * val cache = CoroutineMemcacheClient {
 *     servers("10.0.0.1:11211", "10.0.0.2:11211")
 *     operationTimeout = 250.milliseconds
 *     json = Json { ignoreUnknownKeys = true }
 * }
 * ```
 */
public fun CoroutineMemcacheClient(
    configure: CoroutineMemcacheClientBuilder.() -> Unit
): CoroutineMemcacheClient {
    val builder = CoroutineMemcacheClientBuilder().apply(configure)
    return CoroutineMemcacheClient(builder.buildConfig(), builder.json)
}

/** A client for [config] that owns its connections; JSON values use [json]. */
public fun CoroutineMemcacheClient(
    config: ClientConfig,
    json: Json = CoroutineMemcacheClient.DefaultJson,
): CoroutineMemcacheClient = RealCoroutineClient(Cluster(config), config, json, ownsCluster = true)

/**
 * A coroutine client over [javaClient]'s connections, settings and value codec (a view's codec for
 * a view made by `withValueCodec`); JSON values use [json]. Closing the returned client does
 * nothing: the connections stay open until [javaClient] is closed, after which the returned client
 * fails like the Java one.
 *
 * @throws IllegalArgumentException if [javaClient] was not built by `MemcacheClient.builder()` or
 *   `MemcacheClient.create(...)`
 */
public fun CoroutineMemcacheClient(
    javaClient: MemcacheClient,
    json: Json = CoroutineMemcacheClient.DefaultJson,
): CoroutineMemcacheClient {
    val core =
        requireNotNull(javaClient as? ClientCore) {
            "cannot share connections with a ${javaClient.javaClass.name}: use a client from MemcacheClient.builder()"
        }
    return RealCoroutineClient(core.cluster(), core.config(), json, ownsCluster = false)
}

/**
 * This Java client's operations as `suspend` functions over the same connections; see
 * [CoroutineMemcacheClient].
 */
public fun MemcacheClient.asCoroutineClient(
    json: Json = CoroutineMemcacheClient.DefaultJson
): CoroutineMemcacheClient = CoroutineMemcacheClient(this, json)

/**
 * Settings for a [CoroutineMemcacheClient]. Each property starts at the `DEFAULT_*` constant of
 * [ClientConfig] named on it; [servers] is required. Values are checked when the client is built.
 */
@MemcacheDsl
public class CoroutineMemcacheClientBuilder internal constructor() {
    private val servers = mutableListOf<ServerAddress>()
    private val javaSettings = mutableListOf<ClientConfig.Builder<*>.() -> Unit>()
    private val listeners = mutableListOf<MemcacheListener>()

    /** The wire protocol; default [ClientConfig.DEFAULT_PROTOCOL]. */
    public var protocol: Protocol = ClientConfig.DEFAULT_PROTOCOL

    /**
     * How long a call may take before it fails with a timeout; default
     * [ClientConfig.DEFAULT_OPERATION_TIMEOUT].
     */
    public var operationTimeout: Duration =
        ClientConfig.DEFAULT_OPERATION_TIMEOUT.toKotlinDuration()

    /** How long opening a connection may take; default [ClientConfig.DEFAULT_CONNECT_TIMEOUT]. */
    public var connectTimeout: Duration = ClientConfig.DEFAULT_CONNECT_TIMEOUT.toKotlinDuration()

    /**
     * When the oldest request on a connection waited this long, the server is taken as hung; `null`
     * (default): derived from [operationTimeout] as [ClientConfig.hangTimeout] says
     * ([ClientConfig.DEFAULT_HANG_TIMEOUT_MULTIPLIER] x, at least
     * [ClientConfig.DEFAULT_HANG_TIMEOUT_MINIMUM]).
     */
    public var hangTimeout: Duration? = null

    /**
     * Connections to each server; default [ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER] (requests
     * are pipelined).
     */
    public var connectionsPerServer: Int = ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER

    /**
     * Requests in flight per connection before callers suspend (backpressure); default
     * [ClientConfig.DEFAULT_MAX_IN_FLIGHT].
     */
    public var maxInFlight: Int = ClientConfig.DEFAULT_MAX_IN_FLIGHT

    /** A namespace put before every key (counted in its 250-byte limit); default none. */
    public var keyPrefix: String = ""

    /**
     * How many gets/cas rounds [CoroutineMemcacheClient.update] (and `updateJson`) makes before it
     * gives up with [dev.memcache.core.MemcacheCasConflictException]; default
     * [ClientConfig.DEFAULT_UPDATE_ATTEMPTS]. Raise it for keys many writers update at once.
     */
    public var updateAttempts: Int = ClientConfig.DEFAULT_UPDATE_ATTEMPTS

    /**
     * Largest encoded value sent; match the server's `-I`; default
     * [ClientConfig.DEFAULT_MAX_VALUE_SIZE].
     */
    public var maxValueSize: Int = ClientConfig.DEFAULT_MAX_VALUE_SIZE

    /**
     * How values become bytes and flags; default [ClientConfig.DEFAULT_VALUE_CODEC]. JSON needs one
     * that stores a `String` as text (flags 16).
     */
    public var valueCodec: ValueCodec = ClientConfig.DEFAULT_VALUE_CODEC

    /** How JSON values are encoded and decoded; default [CoroutineMemcacheClient.DefaultJson]. */
    public var json: Json = CoroutineMemcacheClient.DefaultJson

    /** The servers, as `"host:port"` or `"host:port weight"`; replaces earlier ones. */
    public fun servers(vararg addresses: String) {
        servers(addresses.asList())
    }

    /** The servers, as `"host:port"` or `"host:port weight"`; replaces earlier ones. */
    public fun servers(addresses: List<String>) {
        val parsed = addresses.map(ServerAddress::parse)
        servers.clear()
        servers += parsed
    }

    /** Adds one server with a routing weight. */
    public fun server(host: String, port: Int = ServerAddress.DEFAULT_PORT, weight: Int = 1) {
        servers += ServerAddress(host, port, weight)
    }

    /**
     * Adds a listener for the client's events: finished requests, connections, servers down and up
     * (see [MemcacheListener]); listeners hear in the order added. A suspended call's
     * `requestFinished` runs on the caller's dispatcher when it resumes, never on a connection's
     * reader. Default: none, and then the client does no work for events.
     */
    public fun listener(listener: MemcacheListener) {
        listeners += listener
    }

    /** Any other setting of the Java builder, applied after the properties above. */
    public fun javaConfig(block: ClientConfig.Builder<*>.() -> Unit) {
        javaSettings += block
    }

    internal fun buildConfig(): ClientConfig {
        val b = ClientConfig.builder()
        servers.forEach { b.server(it.host(), it.port(), it.weight()) }
        b.protocol(protocol)
            .operationTimeout(operationTimeout.toJavaDuration())
            .connectTimeout(connectTimeout.toJavaDuration())
            .connectionsPerServer(connectionsPerServer)
            .maxInFlight(maxInFlight)
            .updateAttempts(updateAttempts)
            .keyPrefix(keyPrefix)
            .maxValueSize(maxValueSize)
            .valueCodec(valueCodec)
        hangTimeout?.let { b.hangTimeout(it.toJavaDuration()) }
        listeners.forEach { b.listener(it) }
        javaSettings.forEach { b.it() }
        return b.buildConfig()
    }
}
