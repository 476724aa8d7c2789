package dev.memcache.core.internal.connection;

import java.nio.ByteBuffer;

/**
 * One wire protocol: how a {@link Request} becomes bytes and how its reply is read back. A codec
 * is stateless; per-reply progress lives in the request. Replies arrive in request order on a
 * connection (memcached answers in order), so the connection hands each reply to its oldest
 * request; protocols with quiet requests complete a silent request when a later reply shows up.
 */
public interface ProtocolCodec {
  /** Returned by {@link #decode} when the request is finished. */
  int DONE = -1;

  /** An upper bound on the bytes {@link #encode} writes for {@code r}. */
  int maxEncodedLength(Request<?> r);

  /** Appends the request; {@code out} has at least {@link #maxEncodedLength} bytes free. */
  void encode(Request<?> r, ByteBuffer out);

  /** Whether the server answers {@code r} (false for {@code noreply}). */
  boolean expectsReply(Request<?> r);

  /**
   * Reads {@code r}'s reply from {@code in} (a heap buffer, from its position). Fills the reply
   * fields (or {@code r.error} for a server-reported error, which keeps the connection) and returns
   * {@link #DONE} with the position past the reply; or returns how many bytes, counted from the
   * position, must be buffered before calling again (more than are there now). Consumed parts of a
   * multi-part reply stay consumed. Throws {@link dev.memcache.core.MemcacheProtocolException} for
   * bytes that are not a reply to {@code r}: the connection is then closed.
   */
  int decode(Request<?> r, ByteBuffer in);
}
