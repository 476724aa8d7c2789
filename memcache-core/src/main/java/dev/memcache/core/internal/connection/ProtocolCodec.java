package dev.memcache.core.internal.connection;

import dev.memcache.core.MemcacheProtocolException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One wire protocol: how a {@link Request} becomes bytes and how its reply is read back. A codec is
 * stateless; per-reply progress lives in the request, but for a big value being read and a server
 * error, which the connection keeps for the one reply it decodes at a time ({@link ReplyState}).
 * Replies arrive in request order on a connection (memcached answers in order), so the connection
 * hands each reply to its oldest request; protocols with quiet requests complete a silent request
 * when a later reply shows up.
 *
 * <p>A codec that matches replies by opaque id may hold an id counter (thread-safe); nothing else.
 * A {@code noreply} request for which {@link #expectsReply} is true (a quiet write followed by a
 * no-op, say) releases its caller once written; its reply is still read, and dropped.
 */
public interface ProtocolCodec {
  /** Returned by {@link #decode} when the request is finished. */
  int DONE = -1;

  /**
   * Returned by {@link #decode} at a value whose bytes are not all buffered yet, once the codec has
   * put its array, of the value's exact length, in {@link ReplyState#filling} and in the typed
   * reply, with {@code in}'s position at the value's first byte. The connection copies what is
   * buffered into the array and reads the rest straight from the socket, sparing a copy of big
   * values and a read buffer as big as them; then it calls {@link #decode} again, {@code in}
   * positioned just past the value, for the codec to read on and clear {@link ReplyState#filling}
   * (the codec notes in {@link ReplyState#fillEnds} whether nothing of the reply follows but a
   * terminator).
   */
  int FILL = -2;

  /** Values at least this long are read straight into their array when not all buffered. */
  int FILL_MIN = 16 * 1024;

  /**
   * The most bytes {@link #decode} ever asks to have buffered: a reply line (at most {@link
   * dev.memcache.core.internal.protocol.AsciiLines#MAX_LINE}), a binary header with its extras and
   * key, or a value under {@link #FILL_MIN}; bigger values are read through {@link #FILL}. The
   * connection takes a bigger demand as a broken stream, so its read buffer stays bounded whatever
   * the server declares.
   */
  int MAX_BUFFERED = 128 * 1024;

  /** The item size limit of a codec made without one: the default {@code maxValueSize}. */
  int DEFAULT_MAX_VALUE = 1024 * 1024;

  /**
   * Checks a value's declared length against the item size limit before anything is allocated for
   * it: a server cannot store more than its {@code -I}, which {@code maxValueSize} matches, so a
   * bigger length is a stream out of step (or a hostile server), a {@link
   * MemcacheProtocolException} that closes the connection.
   */
  static void checkValueLength(Request<?> r, long length, int maxValueSize) {
    if (length > maxValueSize) {
      throw new MemcacheProtocolException(
          r.describe()
              + ": reply declares a value of "
              + length
              + " bytes, over the item size limit of "
              + maxValueSize
              + " (maxValueSize)");
    }
  }

  /**
   * Whether a value of {@code length} bytes, {@code buffered} of them in the buffer, is read
   * through {@link #FILL}.
   */
  static boolean fills(long length, long buffered) {
    return length >= FILL_MIN && buffered < length;
  }

  /** The value at {@code a[from, from + length)}: the array being filled, or a copy. */
  static byte[] value(ReplyState reply, byte[] a, int from, int length) {
    return reply.filling != null ? reply.filling : Arrays.copyOfRange(a, from, from + length);
  }

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
   * Bytes {@link #encode} put after the value that {@code r} stores (the noop or {@code mn} that
   * ends a quiet write), or -1 when {@code r} stores none. Over TLS the writer ends its write call
   * at the value's end and writes these with what follows. An empty value counts: text and meta
   * still send its {@code \r\n}, which memcached reads as the value's data.
   */
  int bytesAfterValue(Request<?> r);

  /**
   * Reads {@code r}'s reply from {@code in} (a heap buffer, from its position). Fills the reply
   * ({@link Request#status} and what the request's own type holds, a value or a counter say; or
   * {@code reply.error} for a server-reported error, which keeps the connection) and returns {@link
   * #DONE} with the position past the reply; or returns how many bytes, counted from the position,
   * must be buffered before calling again (more than are there now). Consumed parts of a multi-part
   * reply stay consumed. Never asks for more than {@link #MAX_BUFFERED} bytes, and never allocates
   * for a value over the item size limit. Throws {@link MemcacheProtocolException} for bytes that
   * are not a reply to {@code r}, or that declare more than the limits: the connection is then
   * closed. {@code reply} is as the calls before for the same reply left it (empty for a new
   * reply).
   */
  int decode(Request<?> r, ByteBuffer in, ReplyState reply);
}
