/**
 * What the client reports about itself: a {@link dev.memcache.core.event.MemcacheListener} set on
 * the client configuration hears of every finished request and every change of a connection's or a
 * server's state. The Micrometer and OpenTelemetry modules are such listeners; without one, the
 * client does no work for events at all.
 */
package dev.memcache.core.event;
