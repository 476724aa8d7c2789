package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
