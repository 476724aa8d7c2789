package dev.memcache.core.internal.connection;

/**
 * What a {@link ProtocolCodec} leaves between its calls for the reply being decoded (always the
 * oldest request's) beside the request's own reply fields: a big value being read straight from the
 * socket, and a server-reported error. One per connection, owned by whoever reads (the reader
 * thread or the carrier reader it handed the reading to, see {@link ConnectionReader}), so that a
 * request, made for every call, carries none of it.
 */
public final class ReplyState {
  /**
   * A value the connection is reading straight from the socket (see {@link ProtocolCodec#FILL});
   * null once the codec has taken up the reply after it.
   */
  public byte[] filling;

  /** Whether the reply ends with the value in {@link #filling}. */
  public boolean fillEnds;

  /**
   * An error the server reported for the request being decoded (the connection stays in service);
   * the connection fails the request with it once its reply is read, and clears it ({@link
   * #takeError}).
   */
  public RuntimeException error;

  /** The error the server reported for the reply just decoded, or null; clears it. */
  public RuntimeException takeError() {
    RuntimeException e = error;
    error = null;
    return e;
  }
}
