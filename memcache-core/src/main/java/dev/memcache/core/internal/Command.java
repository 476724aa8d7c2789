package dev.memcache.core.internal;

/**
 * What a request asks of the server: the operation kind, shared by the engine ({@link Operations}),
 * the codecs and the events ({@code RequestEvent.operation()}).
 */
public enum Command {
  GET,
  GETS,
  GAT,
  GATS,
  MULTI_GET,
  MULTI_GETS,
  SET,
  ADD,
  REPLACE,
  APPEND,
  PREPEND,
  CAS,
  DELETE,
  INCR,
  DECR,
  TOUCH,
  FLUSH_ALL,
  STATS,
  VERSION,
  VERBOSITY,
  NOOP,
  QUIT,
  /**
   * Meta only: get with vivify-on-miss and recache ({@code mg ... N R}); {@code extra} holds the
   * W/X/Z bits.
   */
  META_GET,
  /** Meta only: mark the item stale instead of deleting it ({@code md ... I T}). */
  INVALIDATE;

  /** Whether the reply may carry stored values. */
  public boolean readsValues() {
    return switch (this) {
      case GET, GETS, GAT, GATS, MULTI_GET, MULTI_GETS, META_GET -> true;
      default -> false;
    };
  }
}
