package dev.memcache.core.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds binary-protocol response packets for codec tests. */
final class BinaryReplies {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  BinaryReplies packet(
      int opcode, int status, int opaque, long cas, byte[] extras, byte[] key, byte[] value) {
    ByteBuffer b = ByteBuffer.allocate(24 + extras.length + key.length + value.length);
    b.put((byte) 0x81)
        .put((byte) opcode)
        .putShort((short) key.length)
        .put((byte) extras.length)
        .put((byte) 0);
    b.putShort((short) status)
        .putInt(extras.length + key.length + value.length)
        .putInt(opaque)
        .putLong(cas);
    b.put(extras).put(key).put(value);
    out.writeBytes(b.array());
    return this;
  }

  BinaryReplies simple(int opcode, int status, int opaque) {
    return packet(
        opcode,
        status,
        opaque,
        0,
        new byte[0],
        new byte[0],
        status == 0 ? new byte[0] : "Error text".getBytes());
  }

  BinaryReplies value(int opcode, int opaque, long cas, int flags, String key, String value) {
    return packet(
        opcode,
        0,
        opaque,
        cas,
        ByteBuffer.allocate(4).putInt(flags).array(),
        key.getBytes(),
        value.getBytes());
  }

  BinaryReplies raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
