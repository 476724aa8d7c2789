package dev.memcache.benchmarks.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary protocol by hand: GET, SET (flags 0, no expiry), and a multi-get as GETKQ requests
 * closed by a NOOP.
 */
final class RawBinaryConnection extends RawConnection {
  private static final int HEADER = 24;
  private static final int GET = 0x00;
  private static final int SET = 0x01;
  private static final int NOOP = 0x0a;
  private static final int GETKQ = 0x0d;
  private static final int NOT_FOUND = 0x01;
  private static final int NOT_STORED = 0x05;

  // The reply header being read
  private int opcode;
  private int keyLength;
  private int extrasLength;
  private int status;
  private int bodyLength;

  RawBinaryConnection(InetSocketAddress server, Duration timeout) throws IOException {
    super(server, timeout);
  }

  @Override
  byte[] get(String key) throws IOException {
    request(GET, key, 0, 0);
    send();
    readHeader(GET);
    if (status == NOT_FOUND) {
      skipBody();
      return null;
    }
    checkStatus("get");
    return readValue();
  }

  @Override
  boolean set(String key, byte[] value) throws IOException {
    request(SET, key, 8, value.length);
    appendInt(0); // flags
    appendInt(0); // no expiry
    append(key);
    append(value);
    send();
    readHeader(SET);
    skipBody(); // empty unless it is an error message
    if (status == NOT_STORED) return false;
    checkStatus("set");
    return true;
  }

  @Override
  Map<String, byte[]> getMulti(List<String> keys) throws IOException {
    for (String key : keys) {
      request(GETKQ, key, 0, 0);
      append(key);
    }
    request(NOOP, "", 0, 0);
    send();
    Map<String, byte[]> values = new HashMap<>();
    while (readHeader(-1) == GETKQ) {
      checkStatus("getkq");
      values.put(readKeyAndExtras(), readValue());
    }
    if (opcode != NOOP) throw new IOException("unexpected opcode " + opcode + " in a multi-get");
    return values;
  }

  /** A request header; a plain GET also gets its key here. */
  private void request(int op, String key, int extras, int valueLength) {
    appendByte(0x80);
    appendByte(op);
    appendShort(key.length());
    appendByte(extras);
    appendByte(0); // data type
    appendShort(0); // vbucket
    appendInt(extras + key.length() + valueLength);
    appendInt(0); // opaque
    appendInt(0); // cas
    appendInt(0);
    if (op == GET) append(key);
  }

  /** Reads a reply header; {@code expected} is its opcode, or -1 for any. Returns the opcode. */
  private int readHeader(int expected) throws IOException {
    need(HEADER);
    if ((reply[pos] & 0xff) != 0x81) throw new IOException("not a binary reply: " + reply[pos]);
    opcode = reply[pos + 1] & 0xff;
    keyLength = short16(pos + 2);
    extrasLength = reply[pos + 4] & 0xff;
    status = short16(pos + 6);
    bodyLength = int32(pos + 8);
    pos += HEADER;
    if (expected >= 0 && opcode != expected)
      throw new IOException("opcode " + opcode + " in reply to " + expected);
    return opcode;
  }

  private void skipBody() throws IOException {
    need(bodyLength);
    pos += bodyLength;
  }

  private void checkStatus(String op) throws IOException {
    if (status != 0) throw new IOException(op + " failed with status " + status);
  }

  /** Skips the extras and returns the key of a GETKQ reply. */
  private String readKeyAndExtras() throws IOException {
    need(extrasLength + keyLength);
    String key = new String(reply, pos + extrasLength, keyLength, StandardCharsets.US_ASCII);
    pos += extrasLength + keyLength;
    bodyLength -= extrasLength + keyLength;
    extrasLength = 0;
    keyLength = 0;
    return key;
  }

  /** Reads the value after the extras (the flags) and the key of the current reply. */
  private byte[] readValue() throws IOException {
    need(extrasLength + keyLength);
    pos += extrasLength + keyLength;
    byte[] value = new byte[bodyLength - extrasLength - keyLength];
    readFully(value);
    return value;
  }

  private int short16(int at) {
    return (reply[at] & 0xff) << 8 | reply[at + 1] & 0xff;
  }

  private int int32(int at) {
    return short16(at) << 16 | short16(at + 2);
  }
}
