package dev.memcache.core.event;

import dev.memcache.core.ServerAddress;
import java.time.Duration;
import java.util.List;

/**
 * Hears what the client does: every finished request and every change of a connection's or a
 * server's state. Set one with {@code ClientConfig.Builder.listener}; the Micrometer and
 * OpenTelemetry modules are listeners. Every method has an empty default, so a listener overrides
 * only what it needs.
 *
 * <p>Threads: {@link #requestStarted} runs on the caller's thread before anything is sent, so it
 * can capture the caller's context (a tracing span, an MDC); {@link #requestFinished} runs where
 * the caller learns the outcome (the caller's thread for blocking calls, the completing thread for
 * futures and coroutines; a cancelled coroutine's on its dispatcher), never on a connection's
 * reader. Connection and server events run on the thread that notices the change: the client's own
 * (a connection's reader or connector, the sweeper, a probe), or a caller's whose write found the
 * connection broken. A listener must be fast, must not block and must not call the client; an
 * exception it throws is caught and logged, and never reaches a caller.
 *
 * <p>Without a listener the client creates no event and reads no clock for one.
 */
public interface MemcacheListener {

  /**
   * A request is about to be sent; runs on the caller's thread.
   *
   * @param operation the command, as in {@link RequestEvent#operation()}
   * @param server the server it is routed to
   * @return anything to hand to {@link #requestFinished} for this request (for example the caller's
   *     tracing context), or null
   */
  default Object requestStarted(String operation, ServerAddress server) {
    return null;
  }

  /**
   * A request finished.
   *
   * @param event what was asked, of whom, how it ended and how long each part took
   * @param started what {@link #requestStarted} returned for this request
   */
  default void requestFinished(RequestEvent event, Object started) {}

  /**
   * A connection opened (after TLS and SASL, when configured).
   *
   * @param server the server connected to
   */
  default void connectionOpened(ServerAddress server) {}

  /**
   * A connection closed because the client closed.
   *
   * @param server the server it was connected to
   */
  default void connectionClosed(ServerAddress server) {}

  /**
   * A connection broke, or could not be opened: its requests in flight failed. Every connection
   * opened ends with one {@link #connectionClosed} or one {@code connectionBroken}; a connect that
   * fails has no {@link #connectionOpened} before it.
   *
   * @param server the server it was (to be) connected to
   * @param cause why: the I/O error, a protocol error, a refused login, a timed out connect
   */
  default void connectionBroken(ServerAddress server, Throwable cause) {}

  /**
   * The client closed a connection whose server stopped answering ({@code hangTimeout}) or stopped
   * reading what was written to it. {@link #connectionBroken} follows, with the hang as its cause.
   *
   * @param server the server that hung
   * @param silentFor how long it had been silent with requests waiting
   */
  default void connectionHung(ServerAddress server, Duration silentFor) {}

  /**
   * A server was marked down after {@code failureLimit} failures in a row: requests do not go to it
   * until a probe succeeds.
   *
   * @param server the server
   * @param cause the last failure
   */
  default void serverDown(ServerAddress server, Throwable cause) {}

  /**
   * A server marked down answered a probe and takes requests again.
   *
   * @param server the server
   */
  default void serverUp(ServerAddress server) {}

  /**
   * A request had to wait for one of the connection's {@code maxInFlight} slots (the connection was
   * full). Reported once per waiting request, when it got its slot or gave up.
   *
   * @param server the server
   * @param waitedNanos how long it waited
   */
  default void slotWaited(ServerAddress server, long waitedNanos) {}

  /**
   * A listener that tells each of {@code listeners}, in order.
   *
   * @param listeners the listeners
   * @return one listener for all of them
   */
  static MemcacheListener of(List<MemcacheListener> listeners) {
    List<MemcacheListener> all = List.copyOf(listeners);
    if (all.size() == 1) return all.get(0);
    return new Listeners(all);
  }
}
