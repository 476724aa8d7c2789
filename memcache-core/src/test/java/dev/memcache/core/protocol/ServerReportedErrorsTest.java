package dev.memcache.core.protocol;

import static dev.memcache.core.protocol.HostileRepliesIT.concat;
import static dev.memcache.testkit.HostileServer.binaryHeader;
import static dev.memcache.testkit.HostileServer.opaqueOf;
import static dev.memcache.testkit.HostileServer.opcodeOf;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheClientException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheServerException;
import dev.memcache.core.MemcacheUnknownCommandException;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.Cluster;
import dev.memcache.core.internal.Operations;
import dev.memcache.testkit.HostileServer;
import dev.memcache.testkit.HostileServer.Script;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An error the server reports in step is its own exception type, and the connection stays in
 * service: the next request is answered on the same connection, in every protocol.
 */
class ServerReportedErrorsTest {
  private static final Pattern META_OPAQUE = Pattern.compile(" O(\\d+)");

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(Protocol.TEXT, "ERROR", 0, MemcacheUnknownCommandException.class),
        Arguments.of(Protocol.META, "ERROR", 0, MemcacheUnknownCommandException.class),
        Arguments.of(Protocol.BINARY, "", 0x81, MemcacheUnknownCommandException.class),
        Arguments.of(Protocol.BINARY, "", 0x83, MemcacheUnknownCommandException.class),
        Arguments.of(Protocol.TEXT, "SERVER_ERROR out of memory", 0, MemcacheServerException.class),
        Arguments.of(Protocol.META, "CLIENT_ERROR bad format", 0, MemcacheClientException.class),
        Arguments.of(Protocol.BINARY, "out of memory", 0x82, MemcacheServerException.class));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("errors")
  void aServerReportedErrorHasItsOwnTypeAndTheConnectionStaysInService(
      Protocol p, String line, int status, Class<? extends MemcacheException> type)
      throws Exception {
    try (HostileServer hostile = HostileServer.start()) {
      hostile.enqueue(
          p == Protocol.BINARY
              ? Script.script()
                  .readBinaryRequest()
                  .replyTo(r -> binaryReply(r, status, new byte[0], line.getBytes(US_ASCII)))
                  .readBinaryRequest()
                  .replyTo(
                      r -> binaryReply(r, 0, new byte[] {0, 0, 0, 16}, "ok".getBytes(US_ASCII)))
              : Script.script()
                  .readLine()
                  .reply(line + "\r\n")
                  .readLine()
                  .replyTo(r -> textOrMetaHit(p, r)));
      ClientConfig config =
          ClientConfig.builder()
              .servers(hostile.address())
              .protocol(p)
              .operationTimeout(Duration.ofSeconds(2))
              .buildConfig();
      Operations ops = new Operations(new Cluster(config));
      MemcacheException e = assertThrows(MemcacheException.class, () -> ops.get("k").await());
      assertEquals(type, e.getClass(), e.toString());
      assertTrue(e.getMessage().contains("get 'k'"), e.getMessage());
      assertEquals("ok", ops.get("k").await(), "answered on the same connection");
      assertEquals(1, hostile.connections());
      ops.cluster().close();
    }
  }

  private static byte[] binaryReply(byte[] request, int status, byte[] extras, byte[] value) {
    int body = extras.length + value.length;
    return concat(
        binaryHeader(opcodeOf(request), status, extras.length, 0, body, opaqueOf(request), 0),
        extras,
        value);
  }

  private static byte[] textOrMetaHit(Protocol p, byte[] request) {
    if (p == Protocol.TEXT) return "VALUE k 16 2\r\nok\r\nEND\r\n".getBytes(US_ASCII);
    Matcher m = META_OPAQUE.matcher(new String(request, US_ASCII));
    assertTrue(m.find(), "an opaque in " + new String(request, US_ASCII));
    return ("VA 2 f16 O" + m.group(1) + "\r\nok\r\n").getBytes(US_ASCII);
  }
}
