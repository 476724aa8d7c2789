package dev.memcache.core.event;

import dev.memcache.core.Protocol;
import dev.memcache.core.ServerAddress;
import java.util.Locale;

/**
 * One request to one server, finished: with its reply, with a failure, or abandoned by its caller
 * (timeout, cancellation). A multi-get spread over servers is one event per server.
 *
 * @param operation the command as memcached names it, lower case: {@code get}, {@code gets}, {@code
 *     gat}, {@code set}, {@code add}, {@code cas}, {@code delete}, {@code incr}, {@code touch},
 *     {@code get_multi}, {@code meta_get}, ... ({@code flush_all}, {@code stats} and {@code
 *     version} per server)
 * @param server the server it was routed to
 * @param protocol the protocol it was sent in
 * @param outcome how it ended
 * @param error the failure when {@code outcome} is {@link Outcome#ERROR}, else null
 * @param queuedNanos from the call until the request was written to the socket (waiting for an
 *     in-flight slot, for the connection to open, for the writer); the whole time when it was never
 *     written
 * @param wireNanos from the write until the reply (or the failure) arrived; 0 when never written
 * @param bytesOut the request's size on the wire (key, value and command line), approximate within
 *     a few bytes of framing
 * @param bytesIn the size of the values that came back (0 for a miss or a status reply)
 * @param keys how many keys the request carried: 1 unless a multi-get, 0 for the commands sent to
 *     every server ({@code stats}, {@code version}, {@code flush_all}, {@code verbosity})
 */
public record RequestEvent(
    String operation,
    ServerAddress server,
    Protocol protocol,
    Outcome outcome,
    Throwable error,
    long queuedNanos,
    long wireNanos,
    long bytesOut,
    long bytesIn,
    int keys) {

  /** How a request ended, as the server answered it or as the client gave up. */
  public enum Outcome {
    /** A read found its key (a multi-get: at least one key). */
    HIT,
    /** A read, counter, touch or delete found no such key. */
    MISS,
    /** A write was stored. */
    STORED,
    /** {@code add}, {@code replace}, {@code append}, {@code prepend} refused by their condition. */
    NOT_STORED,
    /** {@code cas} lost: the item changed since it was read. */
    EXISTS,
    /** A delete or touch succeeded, a counter returned its value, or a command said OK. */
    OK,
    /** Sent without waiting for a reply ({@code noreply} and quiet writes). */
    NOREPLY,
    /** Failed: see {@link RequestEvent#error()} (a timeout is an error too). */
    ERROR;

    /**
     * The outcome in lower case, for tags and attributes.
     *
     * @return {@code hit}, {@code miss}, {@code not_stored}, ...
     */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Whether it ended with an {@link Outcome#ERROR}.
   *
   * @return true when it failed
   */
  public boolean failed() {
    return outcome == Outcome.ERROR;
  }

  /**
   * The whole time the caller waited.
   *
   * @return {@code queuedNanos + wireNanos}
   */
  public long durationNanos() {
    return queuedNanos + wireNanos;
  }
}
