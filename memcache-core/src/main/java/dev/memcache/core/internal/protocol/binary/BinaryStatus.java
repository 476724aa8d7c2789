package dev.memcache.core.internal.protocol.binary;

import dev.memcache.core.internal.protocol.ServerErrors;

/**
 * Binary response statuses the codec reads as outcomes (misses and conflicts); {@link ServerErrors}
 * maps the rest to exceptions.
 */
final class BinaryStatus {
  static final int OK = 0x00,
      KEY_NOT_FOUND = ServerErrors.KEY_NOT_FOUND,
      KEY_EXISTS = ServerErrors.KEY_EXISTS,
      NOT_STORED = ServerErrors.NOT_STORED;
  static final int AUTH_ERROR = ServerErrors.AUTH_ERROR,
      AUTH_CONTINUE = ServerErrors.AUTH_CONTINUE,
      UNKNOWN_COMMAND = ServerErrors.UNKNOWN_COMMAND;

  private BinaryStatus() {}
}
