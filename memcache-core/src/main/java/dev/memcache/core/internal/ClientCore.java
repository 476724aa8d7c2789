package dev.memcache.core.internal;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.codec.ValueCodec;

/**
 * What a facade's client runs on, for another facade that shares it: the Java client implements it,
 * and the Kotlin client made from a Java client ({@code asCoroutineClient}) reads its cluster and
 * settings through it, so that neither facade depends on the other's internals.
 */
public interface ClientCore {

  /** The servers and connections the client uses; the client that built them closes them. */
  Cluster cluster();

  /** The client's settings; for a view made by {@code withValueCodec}, with the view's codec. */
  ClientConfig config();

  /** The codec that encodes and decodes the client's values: {@code config().valueCodec()}. */
  default ValueCodec valueCodec() {
    return config().valueCodec();
  }
}
