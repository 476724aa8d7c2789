package dev.memcache.core;

import java.time.Duration;

/**
 * No reply came within the operation timeout. The request was abandoned: its late reply is read and
 * dropped, and the connection stays in sync.
 *
 * <p>The client's own timeouts say where the time went: the message names the limit ({@code
 * operationTimeout}), the server, how long the request waited for an in-flight slot, to be written
 * and for the reply, and how many requests were ahead of it on its connection; the accessors give
 * the same figures. A blocking call's timeout is made and thrown on the caller's thread, so its
 * stack trace holds the caller's frames; a future's is made on the thread that completes the future
 * (its stack trace shows that thread, as usual for a {@code CompletableFuture}), a coroutine's on
 * the coroutine's dispatcher.
 */
public class MemcacheTimeoutException extends MemcacheException {
  /** The limit that passed. */
  private final Duration limit;

  /** The server the request was for. */
  private final ServerAddress server;

  /** How long the request waited for an in-flight slot. */
  private final Duration waitedForSlot;

  /** How long the request waited to be written. */
  private final Duration waitedToBeWritten;

  /** How long the request waited for its reply. */
  private final Duration waitedForReply;

  /** How many requests were ahead of it on its connection. */
  private final int requestsAhead;

  /**
   * An exception with {@code message}.
   *
   * @param message what failed, naming the server and the operation
   */
  public MemcacheTimeoutException(String message) {
    this(message, null);
  }

  /**
   * An exception with {@code message}, caused by {@code cause}.
   *
   * @param message what failed, naming the server and the operation
   * @param cause the underlying failure
   */
  public MemcacheTimeoutException(String message, Throwable cause) {
    super(message, cause);
    this.limit = null;
    this.server = null;
    this.waitedForSlot = null;
    this.waitedToBeWritten = null;
    this.waitedForReply = null;
    this.requestsAhead = -1;
  }

  /**
   * An exception that tells where the time went.
   *
   * @param message what failed, naming the server, the operation, the limit and the figures below
   * @param limit the timeout that expired
   * @param server the server the request was sent to
   * @param waitedForSlot how long it waited for one of the connection's in-flight slots
   * @param waitedToBeWritten how long, with a slot, it waited to be written (the whole rest of the
   *     time when it never was)
   * @param waitedForReply how long it waited for the reply once written (zero when never written)
   * @param requestsAhead how many requests were ahead of it on its connection (see {@link
   *     #requestsAhead()}), or -1 when unknown
   */
  public MemcacheTimeoutException(
      String message,
      Duration limit,
      ServerAddress server,
      Duration waitedForSlot,
      Duration waitedToBeWritten,
      Duration waitedForReply,
      int requestsAhead) {
    super(message);
    this.limit = limit;
    this.server = server;
    this.waitedForSlot = waitedForSlot;
    this.waitedToBeWritten = waitedToBeWritten;
    this.waitedForReply = waitedForReply;
    this.requestsAhead = requestsAhead;
  }

  /**
   * The timeout that expired.
   *
   * @return the operation timeout, or null when the exception does not say
   */
  public Duration limit() {
    return limit;
  }

  /**
   * The server the request was sent to.
   *
   * @return the server, or null when the exception does not say
   */
  public ServerAddress server() {
    return server;
  }

  /**
   * How long the request waited for an in-flight slot: all {@code maxInFlight} requests of its
   * connection were queued or awaiting replies.
   *
   * @return the time, or null when the exception does not say
   */
  public Duration waitedForSlot() {
    return waitedForSlot;
  }

  /**
   * How long the request, holding a slot, waited to be written: for the connection to open, for the
   * writer, or for a server that stopped reading.
   *
   * @return the time, or null when the exception does not say
   */
  public Duration waitedToBeWritten() {
    return waitedToBeWritten;
  }

  /**
   * How long the request waited for its reply once written (zero when it never was written).
   *
   * @return the time, or null when the exception does not say
   */
  public Duration waitedForReply() {
    return waitedForReply;
  }

  /**
   * How many requests were ahead of this one on its connection when it timed out: for a request
   * written, those written before it and still unanswered (memcached answers a connection's
   * requests in order); for one never written, those holding the connection's in-flight slots.
   *
   * @return the count, or -1 when unknown
   */
  public int requestsAhead() {
    return requestsAhead;
  }
}
