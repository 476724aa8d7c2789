package dev.memcache.core;

/**
 * What a request does when its server is down (marked down after {@code failureLimit} consecutive
 * connect failures or broken connections) or fails while the request waits.
 */
public enum FailurePolicy {
  /** Throw {@link MemcacheConnectionException} (or the timeout) to the caller. The default. */
  FAIL_FAST,
  /**
   * Send the key to the next live server, as the client the distribution matches would (see {@link
   * Distribution}); requests already in flight on the failed server still fail. When the server is
   * back, its keys return to it.
   */
  REDISTRIBUTE,
  /**
   * Treat an outage as a miss, like pyermc's {@code error_as_miss}: reads return null, writes
   * return false, counters return null; connection failures and timeouts are not thrown. Server and
   * client errors still are.
   */
  MISS
}
