package dev.memcache.core.internal.protocol.binary;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.internal.connection.Request;

/** Binary response statuses. Misses and conflicts are outcomes; the rest become exceptions. */
final class BinaryStatus {
  static final int OK = 0x00, KEY_NOT_FOUND = 0x01, KEY_EXISTS = 0x02, NOT_STORED = 0x05;
  static final int AUTH_ERROR = 0x20, AUTH_CONTINUE = 0x21, UNKNOWN_COMMAND = 0x81;

  private BinaryStatus() {}

  /**
   * The exception for an error status, with the server's message; throws {@link
   * MemcacheProtocolException} for a status the protocol does not define (the connection closes).
   */
  static RuntimeException error(Request<?> r, int status, String message) {
    String what = r.describe() + ": " + message + " (status 0x" + Integer.toHexString(status) + ")";
    return switch (status) {
      case KEY_NOT_FOUND, KEY_EXISTS, NOT_STORED ->
          new MemcacheProtocolException(what + ": not expected for this command");
      case 0x03 ->
          new MemcacheServerException(
              what + ": value too large for the server's item size limit (-I)");
      case 0x04 -> new MemcacheClientException(what + ": invalid arguments");
      case 0x06 ->
          new MemcacheClientException(what + ": cannot increment or decrement a non-numeric value");
      case 0x07 -> new MemcacheServerException(what + ": vbucket belongs to another server");
      case 0x08, AUTH_ERROR ->
          new MemcacheAuthenticationException(what + ": authentication required or failed");
      case AUTH_CONTINUE ->
          new MemcacheAuthenticationException(what + ": authentication not finished");
      case UNKNOWN_COMMAND ->
          new MemcacheProtocolException(what + ": the server does not know this command");
      case 0x82 -> new MemcacheServerException(what + ": out of memory");
      case 0x83 -> new MemcacheProtocolException(what + ": not supported by the server");
      case 0x84, 0x85, 0x86 -> new MemcacheServerException(what + ": server busy or failing");
      default -> throw new MemcacheProtocolException(what + ": unknown status");
    };
  }
}
