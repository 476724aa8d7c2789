package dev.memcache.core.internal.protocol;

import static dev.memcache.core.internal.protocol.AsciiLines.ascii;
import static dev.memcache.core.internal.protocol.AsciiLines.startsWith;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.MemcacheUnknownCommandException;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;

/**
 * The one place that maps errors a server reports in step (the connection stays in service) to
 * exceptions, for the text, meta and binary codecs alike: {@code SERVER_ERROR} is a {@link
 * MemcacheServerException}, {@code CLIENT_ERROR} a {@link MemcacheClientException}, an unknown or
 * unsupported command a {@link MemcacheUnknownCommandException}. Bytes that are no error the
 * protocol defines are a {@link MemcacheProtocolException}, which closes the connection.
 */
public final class ServerErrors {
  private static final byte[] ERROR = ascii("ERROR"),
      CLIENT_ERROR = ascii("CLIENT_ERROR "),
      SERVER_ERROR = ascii("SERVER_ERROR ");

  /** Binary statuses that are errors (misses and conflicts are outcomes, read by the codec). */
  public static final int KEY_NOT_FOUND = 0x01,
      KEY_EXISTS = 0x02,
      VALUE_TOO_LARGE = 0x03,
      INVALID_ARGUMENTS = 0x04,
      NOT_STORED = 0x05,
      NON_NUMERIC = 0x06,
      VBUCKET = 0x07,
      AUTH_ERROR = 0x20,
      AUTH_CONTINUE = 0x21,
      UNKNOWN_COMMAND = 0x81,
      OUT_OF_MEMORY = 0x82,
      NOT_SUPPORTED = 0x83;

  private ServerErrors() {}

  /**
   * The exception for the text or meta error line {@code a[start, eol)} answering {@code r}; null
   * when the line is no error line.
   */
  public static MemcacheException fromLine(Request<?> r, byte[] a, int start, int eol) {
    String line = r.describe() + ": " + AsciiLines.text(a, start, eol);
    if (startsWith(a, start, eol, SERVER_ERROR)) return new MemcacheServerException(line);
    if (startsWith(a, start, eol, CLIENT_ERROR)) return new MemcacheClientException(line);
    if (startsWith(a, start, eol, ERROR)
        && (eol - start == ERROR.length || a[start + ERROR.length] == ' ')) {
      return new MemcacheUnknownCommandException(
          line + " (the server does not know or support this command)");
    }
    return null;
  }

  /**
   * The exception for binary error {@code status} answering {@code r}, with the server's {@code
   * message}; throws {@link MemcacheProtocolException} for a status the protocol does not define
   * (the connection closes).
   */
  public static MemcacheException fromStatus(Request<?> r, int status, String message) {
    String what = r.describe() + ": " + message + " (status 0x" + Integer.toHexString(status) + ")";
    return switch (status) {
      case KEY_NOT_FOUND ->
          r.command == Command.STATS
              ? new MemcacheUnknownCommandException(what + ": unknown stats group")
              : new MemcacheServerException(what + ": not expected for this command");
      case KEY_EXISTS, NOT_STORED ->
          new MemcacheServerException(what + ": not expected for this command");
      case VALUE_TOO_LARGE ->
          new MemcacheServerException(
              what + ": value too large for the server's item size limit (-I)");
      case INVALID_ARGUMENTS -> new MemcacheClientException(what + ": invalid arguments");
      case NON_NUMERIC ->
          new MemcacheClientException(what + ": cannot increment or decrement a non-numeric value");
      case VBUCKET -> new MemcacheServerException(what + ": vbucket belongs to another server");
      case 0x08, AUTH_ERROR ->
          new MemcacheAuthenticationException(what + ": authentication required or failed");
      case AUTH_CONTINUE ->
          new MemcacheAuthenticationException(what + ": authentication not finished");
      case UNKNOWN_COMMAND ->
          new MemcacheUnknownCommandException(what + ": the server does not know this command");
      case OUT_OF_MEMORY -> new MemcacheServerException(what + ": out of memory");
      case NOT_SUPPORTED ->
          new MemcacheUnknownCommandException(what + ": not supported by the server");
      case 0x84, 0x85, 0x86 -> new MemcacheServerException(what + ": server busy or failing");
      default -> throw new MemcacheProtocolException(what + ": unknown status");
    };
  }
}
