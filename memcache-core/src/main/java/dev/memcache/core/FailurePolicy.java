package dev.memcache.core;

/**
 * What a request does when its server is down (marked down after {@code failureLimit} consecutive
 * connect failures or broken connections) or fails while the request waits. Every command follows
 * the same policy: the classic ones, the meta commands, and those sent to every server (stats,
 * version, flush). A closed client is never an outage: its calls throw {@link
 * IllegalStateException} under every policy.
 */
public enum FailurePolicy {
  /**
   * Throw {@link MemcacheConnectionException} (or the timeout) to the caller. The default.
   * Consistency: a caller never mistakes an outage for a miss or a stored value.
   */
  FAIL_FAST,
  /**
   * Send the key to the next live server, as the client the distribution matches would (see {@link
   * Distribution}); requests already in flight on the failed server still fail. When the server is
   * back, its keys return to it. A write sent to a fallback server expires after at most {@link
   * ClientConfig#failoverTtl()} (default 60 s).
   *
   * <p>Consistency: while the owner is down its keys start empty on the fallback, and a write the
   * owner missed is lost when it returns (a restarted memcached is empty anyway; one that was only
   * unreachable serves its older values). A fallback's copy can be served again in a later outage
   * only within the failover TTL. Stats, version and flush have no other server to ask for a down
   * server's own reply: they fail as under {@link #FAIL_FAST}.
   */
  REDISTRIBUTE,
  /**
   * Treat an outage as a miss, like pyermc's {@code error_as_miss}: reads return null, writes
   * return false, counters return null; connection failures and timeouts are not thrown. Server and
   * client errors still are. Meta commands alike: a meta get returns an absent value the caller
   * {@link MetaValue#won won} (it computes the value; nobody holds a lease), invalidate returns
   * false, counters with an initial value return null. Stats and version leave the servers that did
   * not answer out of their per-server maps (no entry pretends a server answered); flush returns
   * false when it did not reach every server.
   *
   * <p>Consistency: a write lost to an outage is reported only as {@code false}; the server keeps
   * its older value, which is read again once it is back. Callers that must not read stale values
   * after an outage should delete or overwrite those keys, or use {@link #FAIL_FAST}.
   */
  MISS
}
