package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a connection's server is unresponsive: <em>hung</em> (its oldest request in flight
 * unanswered past the hang timeout) or <em>stalled</em> (a write call blocked that long: the server
 * stopped reading). The sweeper is its one owner: every pass ({@link Connection#expire}) checks,
 * after timing out what is past its deadline. A request that times out, wherever and by whom, does
 * not check: it knows nothing of its connection's health, and the next pass is at most a tick away.
 *
 * <p><b>Thread rules</b>: {@link #closeIfUnresponsive} runs on the sweeper; {@code noticed} is
 * CAS'd there so a hang is told once; {@code unresponsive} is written there before the connection
 * closes, volatile because whoever fails the unsent requests (the reader, a writer, the closer)
 * reads it to fail them as timed out. {@link #seemsResponsive} is read by the closer. The figures
 * it reads (the oldest request's {@code sentNanos}, the writer's write start) are racy reads of the
 * halves' volatile fields.
 */
final class HangCheck {
  private final Connection connection;
  private final ConnectionReader reader;
  private final ConnectionWriter writer;
  private final ConnectionListener listener;
  private final long hangNanos;
  private final AtomicBoolean noticed = new AtomicBoolean();
  private volatile boolean unresponsive;

  HangCheck(
      Connection connection,
      ConnectionReader reader,
      ConnectionWriter writer,
      ConnectionListener listener,
      long hangNanos) {
    this.connection = connection;
    this.reader = reader;
    this.writer = writer;
    this.listener = listener;
    this.hangNanos = hangNanos;
  }

  /** Whether it was closed as hung or stalled. */
  boolean isUnresponsive() {
    return unresponsive;
  }

  /**
   * For a graceful close: whether no write call has been blocked, and no request unanswered, as
   * long as the hang timeout (a write under way is waited for).
   */
  boolean seemsResponsive(long now) {
    long writing = writer.writeStartedNanos();
    Request<?> oldest = reader.oldest();
    return (writing == 0 || now - writing < hangNanos)
        && (oldest == null || now - oldest.sentNanos < hangNanos);
  }

  /**
   * Closes the connection when its oldest request has waited past the hang timeout, or a write call
   * has been blocked that long (closed as stalled). Told once.
   */
  void closeIfUnresponsive() {
    long now = System.nanoTime();
    long writing = writer.writeStartedNanos();
    Request<?> oldest = reader.oldest();
    boolean writeBlocked = writing != 0 && now - writing > hangNanos;
    if (!writeBlocked && (oldest == null || now - oldest.sentNanos <= hangNanos)) return;
    if (!connection.isOpen() || !noticed.compareAndSet(false, true)) return; // told once
    // A write still blocked means the server stopped reading (stalled), whichever limit passed
    // first: its oldest request goes unanswered for the same reason.
    boolean stalled = writing != 0;
    long silent =
        Math.max(writing != 0 ? now - writing : 0, oldest != null ? now - oldest.sentNanos : 0);
    long ms = TimeUnit.NANOSECONDS.toMillis(hangNanos);
    String why =
        stalled
            ? "did not read our writes for " + ms + " ms; connection closed as stalled"
            : "did not answer for " + ms + " ms; connection closed as hung";
    MemcacheConnectionException cause =
        new MemcacheConnectionException(connection.server() + " " + why);
    unresponsive = true; // before close() publishes the cause: unsent requests then time out
    listener.hung(connection, silent, why);
    connection.close(cause);
  }
}
