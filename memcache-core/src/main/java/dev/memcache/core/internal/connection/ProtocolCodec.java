package dev.memcache.core.internal.connection;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * One wire protocol: how a {@link Request} becomes bytes and how its reply is read back. A codec is
 * stateless; per-reply progress lives in the request. Replies arrive in request order on a
 * connection (memcached answers in order), so the connection hands each reply to its oldest
 * request; protocols with quiet requests complete a silent request when a later reply shows up.
 *
 * <p>A codec that matches replies by opaque id may hold an id counter (thread-safe); nothing else.
 * A {@code noreply} request for which {@link #expectsReply} is true (a quiet write followed by a
 * no-op, say) releases its caller once written; its reply is still read, and dropped.
 */
public interface ProtocolCodec {
  /** Returned by {@link #decode} when the request is finished. */
  int DONE = -1;

  /** An upper bound on the bytes {@link #encode} writes for {@code r}. */
  int maxEncodedLength(Request<?> r);

  /** Appends the request; {@code out} has at least {@link #maxEncodedLength} bytes free. */
  void encode(Request<?> r, ByteBuffer out);

  /**
   * Appends {@code r} knowing the request encoded just before it in the same unwritten buffer
   * ({@code null} if none), so a codec may merge the two (the text codec joins consecutive gets
   * into one {@code get k1 k2 ...} line). The default ignores {@code previous}.
   */
  default void encode(Request<?> r, ByteBuffer out, Request<?> previous) {
    encode(r, out);
  }

  /**
   * Requests of one nonzero kind may share a line when written one after another (see {@link
   * #encode(Request, ByteBuffer, Request)}); the writer brings them together within a batch, past
   * requests for other keys. The default, 0: no request shares a line.
   */
  default int lineKind(Request<?> r) {
    return 0;
  }

  /**
   * Runs once on a new socket before the connection's reader starts (SASL authentication, say),
   * with the connect timeout set as the socket's read timeout. Default: nothing.
   */
  default void handshake(Socket socket, String server) throws IOException {}

  /** Whether the server answers {@code r} (false for text {@code noreply}). */
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
