package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheException;

/**
 * What a {@link Connection} tells its {@link Node} of its health, for events and for marking the
 * server down and up. Called on the thread that saw it happen (see docs/concurrency.md, "Listener
 * events"); an implementation must be quick and must not block.
 */
public interface ConnectionListener {
  /** The connection opened: it writes and reads from now on. */
  void opened(Connection c);

  /** A request waited {@code waitedNanos} for an in-flight slot, and got it or timed out. */
  void slotWaited(long waitedNanos);

  /** A reply arrived (called once per connection, on its first reply). */
  void answered();

  /**
   * The server did not answer, or did not read, for {@code silentNanos}: the connection closes
   * ({@link #broken} follows).
   */
  void hung(Connection c, long silentNanos, String why);

  /**
   * The connection closed for {@code cause}; {@code everAnswered} tells whether any reply came. Not
   * called when the connection never opened ({@link Connection.Opener} reports that).
   */
  void broken(Connection c, MemcacheException cause, boolean everAnswered);
}
