package dev.memcache.core.internal.protocol.binary;

/** Binary protocol opcodes and header layout (memcached's protocol_binary.h). */
final class Opcodes {
  static final int HEADER = 24;
  static final byte REQUEST = (byte) 0x80, RESPONSE = (byte) 0x81;
  static final byte GET = 0x00,
      SET = 0x01,
      ADD = 0x02,
      REPLACE = 0x03,
      DELETE = 0x04,
      INCR = 0x05,
      DECR = 0x06;
  static final byte FLUSH = 0x08,
      NOOP = 0x0a,
      VERSION = 0x0b,
      GETK = 0x0c,
      GETKQ = 0x0d,
      APPEND = 0x0e,
      PREPEND = 0x0f;
  static final byte STAT = 0x10,
      SETQ = 0x11,
      ADDQ = 0x12,
      REPLACEQ = 0x13,
      DELETEQ = 0x14,
      INCRQ = 0x15,
      DECRQ = 0x16;
  static final byte QUITQ = 0x17,
      APPENDQ = 0x19,
      PREPENDQ = 0x1a,
      VERBOSITY = 0x1b,
      TOUCH = 0x1c,
      GAT = 0x1d;
  static final byte SASL_AUTH = 0x21;

  private Opcodes() {}

  /** The quiet variant of a write opcode (answers only on failure). */
  static byte quiet(byte opcode) {
    return switch (opcode) {
      case SET -> SETQ;
      case ADD -> ADDQ;
      case REPLACE -> REPLACEQ;
      case APPEND -> APPENDQ;
      case PREPEND -> PREPENDQ;
      case DELETE -> DELETEQ;
      case INCR -> INCRQ;
      case DECR -> DECRQ;
      default -> opcode;
    };
  }

  static int u16(byte[] a, int i) {
    return (a[i] & 0xff) << 8 | a[i + 1] & 0xff;
  }

  static int i32(byte[] a, int i) {
    return (a[i] & 0xff) << 24 | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | a[i + 3] & 0xff;
  }

  static long i64(byte[] a, int i) {
    return (long) i32(a, i) << 32 | i32(a, i + 4) & 0xffffffffL;
  }
}
