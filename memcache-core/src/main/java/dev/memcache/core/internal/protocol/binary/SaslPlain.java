package dev.memcache.core.internal.protocol.binary;

import static dev.memcache.core.internal.protocol.binary.Opcodes.*;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheProtocolException;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * SASL PLAIN over the binary protocol (RFC 4616): one {@code SASL_AUTH} round trip per new
 * connection.
 */
final class SaslPlain {
  private static final byte[] MECHANISM = "PLAIN".getBytes(US_ASCII);

  private SaslPlain() {}

  static void authenticate(Socket socket, String server, String username, String password)
      throws IOException {
    byte[] user = username.getBytes(UTF_8), pass = password.getBytes(UTF_8);
    // Authzid (empty) NUL authcid NUL passwd
    byte[] token = new byte[user.length + pass.length + 2];
    System.arraycopy(user, 0, token, 1, user.length);
    System.arraycopy(pass, 0, token, user.length + 2, pass.length);
    ByteBuffer out = ByteBuffer.allocate(HEADER + MECHANISM.length + token.length);
    out.put(REQUEST)
        .put(SASL_AUTH)
        .putShort((short) MECHANISM.length)
        .put((byte) 0)
        .put((byte) 0)
        .putShort((short) 0);
    out.putInt(MECHANISM.length + token.length).putInt(0).putLong(0).put(MECHANISM).put(token);
    socket.getOutputStream().write(out.array());
    socket.getOutputStream().flush();

    byte[] header = new byte[HEADER];
    DataInputStream in = new DataInputStream(socket.getInputStream());
    try {
      in.readFully(header);
      int body = i32(header, 8);
      if (header[0] != RESPONSE || header[1] != SASL_AUTH || body < 0 || body > 4096) {
        throw new MemcacheProtocolException(server + ": unexpected reply to SASL authentication");
      }
      byte[] message = new byte[body];
      in.readFully(message);
      String said = new String(message, US_ASCII).strip();
      int status = u16(header, 6);
      switch (status) {
        case BinaryStatus.OK -> {}
        case BinaryStatus.AUTH_ERROR ->
            throw new MemcacheAuthenticationException(
                server
                    + ": SASL PLAIN authentication as '"
                    + username
                    + "' failed (wrong user name or password): "
                    + said);
        case BinaryStatus.UNKNOWN_COMMAND ->
            throw new MemcacheAuthenticationException(
                server
                    + ": the server does not support SASL (memcached needs -S); configured user '"
                    + username
                    + "'");
        default ->
            throw new MemcacheAuthenticationException(
                server
                    + ": SASL authentication as '"
                    + username
                    + "' failed with status 0x"
                    + Integer.toHexString(status)
                    + ": "
                    + said);
      }
    } catch (SocketTimeoutException e) {
      throw new MemcacheConnectionException(
          server + ": no answer to SASL authentication within the connect timeout", e);
    }
  }
}
