package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheTimeoutException;
import dev.memcache.core.ServerAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The exceptions a request on a {@link Connection} fails with, each naming the request and the
 * server: in flight when the connection closed, never written, or timed out (with where its time
 * went). Stateless; the connection passes what it knows.
 */
final class Failures {
  private Failures() {}

  /** {@code r} was written and the connection closed for {@code cause} before its reply. */
  static MemcacheException inFlight(Request<?> r, MemcacheException cause) {
    return cause instanceof MemcacheProtocolException
        ? new MemcacheProtocolException(r.describe() + " failed: " + cause.getMessage(), cause)
        : new MemcacheConnectionException(r.describe() + " failed: " + cause.getMessage(), cause);
  }

  /**
   * {@code r} was never written and the connection closed for {@code cause}: a failed connect as it
   * is (it names the server and what failed); a timeout when the server was found hung or stalled
   * (the request waited in vain, it was not refused); otherwise as if in flight.
   */
  static RuntimeException unsent(
      Request<?> r, MemcacheException cause, boolean neverConnected, boolean unresponsive) {
    if (neverConnected) return cause;
    if (unresponsive) {
      return new MemcacheTimeoutException(
          r.describe() + " timed out before it was sent: " + cause.getMessage(), cause);
    }
    return inFlight(r, cause);
  }

  /**
   * The timeout of {@code r}, abandoned at its deadline, saying where its time went; made by its
   * caller (in {@link Request#result()}), never by the sweeper. The figures cost nothing before:
   * the start is the deadline less the timeout, the write time is the request's, and the requests
   * ahead are its number in flight less the replies read since ({@code unansweredAhead}), or, for a
   * request never written, the slots taken ({@code slotsTaken}).
   */
  static MemcacheTimeoutException timedOut(
      Request<?> r,
      long timeoutNanos,
      ServerAddress address,
      boolean connected,
      int maxInFlight,
      int slotsTaken,
      int unansweredAhead) {
    long now = System.nanoTime();
    long start = r.deadlineNanos() - timeoutNanos;
    long sent = r.sentNanos;
    long until = sent != 0 ? sent : now;
    long slot = Math.min(Math.max(0, until - start), r.slotWaitMillis * 1_000_000L);
    boolean waitedForSlot = r.depth == 0; // never queued for writing: it had no slot
    if (sent == 0 && waitedForSlot) slot = Math.max(0, now - start);
    long write = Math.max(0, until - start - slot);
    long reply = sent != 0 ? Math.max(0, now - sent) : 0;
    int ahead = sent != 0 ? unansweredAhead : slotsTaken;
    if (ahead < 0) ahead = -1; // answered meanwhile (and dropped), or the reader stopped
    StringBuilder m = new StringBuilder(r.describe());
    m.append(" timed out after ").append(ms(now - start)).append(" ms (operationTimeout ");
    m.append(ms(timeoutNanos)).append(" ms): ").append(ms(slot));
    m.append(" ms waiting for an in-flight slot, ").append(ms(write)).append(" ms to be written, ");
    if (sent != 0) m.append(ms(reply)).append(" ms for the reply");
    else m.append(connected ? "never written" : "never written (the connection was opening)");
    if (ahead >= 0) {
      m.append("; ").append(ahead);
      m.append(
          sent != 0
              ? (ahead == 1 ? " request" : " requests") + " ahead of it still unanswered"
              : " of maxInFlight " + maxInFlight + " in flight or queued ahead of it");
    }
    return new MemcacheTimeoutException(
        m.toString(),
        Duration.ofNanos(timeoutNanos),
        address,
        Duration.ofNanos(slot),
        Duration.ofNanos(write),
        Duration.ofNanos(reply),
        ahead);
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
