package dev.memcache.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ServerAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server strings in this client's forms and in the Python clients' forms. */
class ServerStringsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cache1                 | cache1    | 11211 | 1",
        "cache1:21211           | cache1    | 21211 | 1",
        "cache1:21211 3         | cache1    | 21211 | 3",
        "127.0.0.1:21211:1      | 127.0.0.1 | 21211 | 1",
        "127.0.0.1:21211:4      | 127.0.0.1 | 21211 | 4",
        "[::1]:21211:2          | ::1       | 21211 | 2",
        "[::1]:21211            | ::1       | 21211 | 1",
        "[::1]                  | ::1       | 11211 | 1",
        "inet:10.0.0.5:21211    | 10.0.0.5  | 21211 | 1",
        "inet:10.0.0.5          | 10.0.0.5  | 11211 | 1",
        "inet6:[fe80::1]:21211  | fe80::1   | 21211 | 1",
      })
  void pythonClientsServerStringsAreRead(String text, String host, int port, int weight) {
    assertEquals(new ServerAddress(host, port, weight), ServerAddress.parse(text));
  }

  @Test
  void pylibmcsHostPortWeightNoLongerClaimsToBeAnUnbracketedIpv6Address() {
    assertEquals(
        new ServerAddress("127.0.0.1", 21211, 1), ServerAddress.parse("127.0.0.1:21211:1"));
  }

  @Test
  void pythonMemcachedsWeightTupleHasATypedForm() {
    assertEquals(
        new ServerAddress("10.0.0.5", 21211, 3), ServerAddress.parse("inet:10.0.0.5:21211", 3));
    assertEquals(
        new ServerAddress("10.0.0.5", 21211, 3), ServerAddress.parse("10.0.0.5:21211:3", 3));
    assertTrue(
        refusal(() -> ServerAddress.parse("10.0.0.5:21211:2", 3))
            .contains("weight 2 and the caller 3"));
    assertTrue(refusal(() -> ServerAddress.parse("10.0.0.5:21211", 0)).contains("at least 1"));
  }

  @Test
  void ambiguousAndUnsupportedFormsAreRefusedSayingWhy() {
    assertTrue(refusal("::1").contains("IPv6 addresses go in brackets"));
    assertTrue(refusal("fe80::1:11211").contains("IPv6 addresses go in brackets"));
    assertTrue(refusal("host:port:1").contains("host:port:weight form needs"));
    assertTrue(refusal("h:1:2:3").contains("IPv6 addresses go in brackets"));
    assertTrue(refusal("/var/run/memcached.sock").contains("Unix sockets are not supported"));
    assertTrue(refusal("unix:/tmp/m.sock").contains("Unix sockets are not supported"));
    assertTrue(refusal("udp:10.0.0.5").contains("UDP is not supported"));
    assertTrue(refusal("10.0.0.5:21211:1 2").contains("two weights"));
    assertTrue(refusal("10.0.0.5:21211:0").contains("weight must be at least 1"));
    assertTrue(refusal("10.0.0.5:x").contains("port 'x' is not a decimal number"));
    assertTrue(refusal("[::1]:1:2:3").contains("too many ':'"));
  }

  private static String refusal(String text) {
    String m = refusal(() -> ServerAddress.parse(text));
    assertTrue(m.startsWith("bad server address '" + text + "': "), m);
    return m;
  }

  private static String refusal(org.junit.jupiter.api.function.Executable call) {
    return assertThrows(IllegalArgumentException.class, call).getMessage();
  }
}
