package dev.memcache.core.protocol;

import static dev.memcache.core.protocol.Replay.encode;
import static dev.memcache.core.protocol.Replay.request;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.ProtocolCodec;
import dev.memcache.core.internal.connection.ReplyState;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.core.internal.protocol.meta.MetaCodec;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The connection refuses any demand over {@link ProtocolCodec#MAX_BUFFERED}; a valid reply must
 * never make one, even when a big value fills the whole buffer but for its CRLF.
 */
class ReadBufferBoundTest {
  private static void bigValueBufferedButItsCrlf(
      ProtocolCodec codec, Function<Request<?>, String> header) {
    Request<Void> get = request(Command.GET, "big");
    encode(codec, List.of(get));
    // The value's length such that header and value fill the buffer exactly, the CRLF left out.
    int length = ProtocolCodec.MAX_BUFFERED;
    byte[] fixed;
    do {
      length--;
      fixed = header.apply(get).replace("LEN", Integer.toString(length)).getBytes(US_ASCII);
    } while (fixed.length + length > ProtocolCodec.MAX_BUFFERED);
    assertEquals(ProtocolCodec.MAX_BUFFERED, fixed.length + length);
    int valueBytes = length;
    ByteBuffer buf = ByteBuffer.allocate(ProtocolCodec.MAX_BUFFERED);
    buf.put(fixed).put(new byte[valueBytes]).flip();
    int result = codec.decode(get, buf, new ReplyState());
    assertTrue(
        result == ProtocolCodec.FILL || (result > 0 && result <= ProtocolCodec.MAX_BUFFERED),
        "decode asked for " + result + " bytes buffered");
  }

  @Test
  void aTextValueFillingTheBufferButItsCrlfNeverAsksForMoreThanTheBound() {
    bigValueBufferedButItsCrlf(new TextCodec(1 << 20), r -> "VALUE big 0 LEN\r\n");
  }

  @Test
  void aMetaValueFillingTheBufferButItsCrlfNeverAsksForMoreThanTheBound() {
    bigValueBufferedButItsCrlf(new MetaCodec(1 << 20), r -> "VA LEN f0 O" + r.opaque + "\r\n");
  }
}
