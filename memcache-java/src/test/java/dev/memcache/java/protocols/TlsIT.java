package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS against memcached {@code -Z} with certificates made in the test, for every protocol. */
class TlsIT {
  @TempDir static Path dir;
  static TestCertificates good, otherHost;
  static MemcachedServer server, wrongName;

  @BeforeAll
  static void startTlsServers() throws Exception {
    good = TestCertificates.generate(dir, "memcached-test", "IP:127.0.0.1,DNS:localhost");
    otherHost = TestCertificates.generate(dir, "other-host", "DNS:cache.other.example");
    server = MemcachedServer.builder().extraArgs(good.memcachedArgs()).start();
    wrongName = MemcachedServer.builder().extraArgs(otherHost.memcachedArgs()).start();
  }

  @AfterAll
  static void stopTlsServers() {
    if (server != null) server.close();
    if (wrongName != null) wrongName.close();
  }

  private static MemcacheClient client(
      MemcachedServer s, Protocol p, SSLContext tls, boolean verifyHost) {
    return MemcacheClient.builder()
        .servers(s.address())
        .protocol(p)
        .tls(tls)
        .tlsHostnameVerification(verifyHost)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /**
   * memcached 1.6.18 reads the part of a value not yet in its read buffer straight into the item,
   * one TLS record at a time; the rest of the record the value ends in stays in OpenSSL's buffer,
   * which its event loop does not look at. Requests written behind such a value in the same write
   * (many pipelined sets, or a quiet write's noop) then wait for the connection's next bytes:
   * without more traffic, until the hang timeout closes the connection.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void requestsPipelinedBehindValuesInOneWriteAreAnswered(Protocol p) throws Exception {
    try (MemcacheClient c = client(server, p, good.trustingContext(), true)) {
      String k = p + ":pipelined:";
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < 600; i++) values.put(k + i, "v".repeat(100) + i);
      setInBursts(c, 40, 400, k, values::get);
      for (int round = 0; round < 5; round++) {
        c.noReply().setMulti(values, Duration.ZERO); // about 80 KB of sets in one batch
        assertEquals(values.get(k + 599), c.get(k + 599));
        byte[] big = new byte[20_000 + round * 7_000]; // past the read buffer, then a noop or get
        big[big.length - 1] = (byte) round;
        assertTrue(c.set(k + "big", big));
        assertArrayEquals(big, (byte[]) c.get(k + "big"));
      }
    }
  }

  /**
   * An empty value is still data to memcached's text and meta parsers (its {@code \r\n}): when the
   * command line ends where its read buffer does, it reads those two bytes straight from OpenSSL,
   * and what follows in the record waits as behind a bigger value.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void requestsPipelinedBehindEmptyValuesAreAnswered(Protocol p) throws Exception {
    try (MemcacheClient c = client(server, p, good.trustingContext(), true)) {
      String k = p + ":empty:";
      setInBursts(c, 60, 700, k, key -> new byte[0]);
      assertArrayEquals(new byte[0], (byte[]) c.get(k + 699));
    }
  }

  /**
   * Sets the keys {@code prefix + 0} to {@code prefix + (callers - 1)} at once, each from its own
   * virtual thread released together so that their requests share writes, {@code bursts} times
   * over; every set must succeed.
   */
  private static void setInBursts(
      MemcacheClient c, int bursts, int callers, String prefix, Function<String, Object> values)
      throws Exception {
    for (int burst = 0; burst < bursts; burst++) {
      List<Future<Boolean>> sets = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < callers; i++) {
          String key = prefix + i;
          sets.add(
              threads.submit(
                  () -> {
                    go.await();
                    return c.set(key, values.apply(key));
                  }));
        }
        go.countDown();
      }
      for (Future<Boolean> f : sets) assertTrue(f.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyOperationWorksOverTls(Protocol p) throws Exception {
    try (MemcacheClient c = client(server, p, good.trustingContext(), true)) {
      String k = p + ":tls";
      byte[] big = new byte[600_000]; // spans many TLS records
      big[599_999] = 42;
      assertTrue(c.set(k, "secret"));
      assertTrue(c.set(k + ":big", big));
      assertEquals("secret", c.get(k));
      assertArrayEquals(big, (byte[]) c.get(k + ":big"));
      assertEquals(Map.of(k, "secret"), c.getMulti(List.of(k, k + ":none")));
      c.noReply().set(k + ":n", 1L, Duration.ZERO);
      assertEquals(2L, c.incr(k + ":n", 1));
      assertEquals("yes", c.stats("settings").get(server.address()).get("ssl_enabled"));
      List<Future<Boolean>> checks = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 200; i++) {
          String own = k + ":" + i, value = "value-" + i;
          checks.add(threads.submit(() -> c.set(own, value) && value.equals(c.get(own))));
        }
      }
      for (Future<Boolean> f : checks) assertTrue(f.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anUntrustedCertificateFailsWithAClearError(Protocol p) throws Exception {
    // Trusts only public CAs
    try (MemcacheClient c = client(server, p, SSLContext.getDefault(), true)) {
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> c.get("k"));
      assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
      assertTrue(e.getMessage().contains(server.address()), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aCertificateForAnotherHostFailsUnlessHostnameVerificationIsTurnedOff(Protocol p)
      throws Exception {
    try (MemcacheClient c = client(wrongName, p, otherHost.trustingContext(), true)) {
      MemcacheConnectionException e =
          assertThrows(MemcacheConnectionException.class, () -> c.get("k"));
      assertTrue(e.getMessage().contains("does not name host '127.0.0.1'"), e.getMessage());
    }
    try (MemcacheClient unsafe = client(wrongName, p, otherHost.trustingContext(), false)) {
      assertTrue(unsafe.set("k", "v"));
      assertEquals("v", unsafe.get("k"));
    }
  }
}
