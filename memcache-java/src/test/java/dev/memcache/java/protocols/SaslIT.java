package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL PLAIN over the binary protocol against memcached {@code -S}. Debian's memcached uses
 * cyrus-sasl: the test writes a {@code memcached.conf} ({@code mech_list: plain}, {@code
 * sasldb_path}) into a directory named by {@code SASL_CONF_PATH} and adds the user with {@code
 * saslpasswd2} (package sasl2-bin).
 */
class SaslIT {
  @TempDir static Path dir;
  static MemcachedServer server, tlsServer;
  static TestCertificates certificates;

  @BeforeAll
  static void startSaslServers() throws Exception {
    Path db = dir.resolve("sasldb2");
    Files.writeString(dir.resolve("memcached.conf"), "mech_list: plain\nsasldb_path: " + db + "\n");
    addUser(db, "alice", "s3cret pass");
    certificates = TestCertificates.generate(dir, "sasl-tls", "IP:127.0.0.1");
    server =
        MemcachedServer.builder().env("SASL_CONF_PATH", dir.toString()).extraArgs("-S").start();
    tlsServer =
        MemcachedServer.builder()
            .env("SASL_CONF_PATH", dir.toString())
            .extraArgs("-S")
            .extraArgs(certificates.memcachedArgs())
            .start();
  }

  private static void addUser(Path db, String user, String password)
      throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "saslpasswd2", "-a", "memcached", "-c", "-p", "-f", db.toString(), user)
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("SASL tests need saslpasswd2: apt-get install sasl2-bin", e);
    }
    try (OutputStream in = p.getOutputStream()) {
      in.write(password.getBytes()); // -p: read from stdin, no newline
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("saslpasswd2 failed: " + out);
  }

  @AfterAll
  static void stopSaslServers() {
    if (server != null) server.close();
    if (tlsServer != null) tlsServer.close();
  }

  private static MemcacheClient.Builder binary(MemcachedServer s) {
    return MemcacheClient.builder()
        .servers(s.address())
        .protocol(Protocol.BINARY)
        .connectTimeout(Duration.ofSeconds(2));
  }

  @Test
  void theRightPasswordAuthenticatesEveryConnection() {
    try (MemcacheClient c =
        binary(server).sasl("alice", "s3cret pass").connectionsPerServer(2).build()) {
      assertTrue(c.set("sasl:k", "v"));
      assertEquals("v", c.get("sasl:k"));
      assertEquals(Map.of("sasl:k", "v"), c.getMulti(List.of("sasl:k", "sasl:none")));
      assertEquals("yes", c.stats("settings").get(server.address()).get("auth_enabled_sasl"));
    }
  }

  @Test
  void aWrongPasswordIsAClearAuthenticationErrorNotAHang() {
    try (MemcacheClient c =
        binary(server).sasl("alice", "wrong").operationTimeout(Duration.ofSeconds(5)).build()) {
      long start = System.nanoTime();
      MemcacheAuthenticationException e =
          assertThrows(MemcacheAuthenticationException.class, () -> c.get("k"));
      assertTrue(
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "answered at once");
      assertTrue(e.getMessage().contains("'alice' failed"), e.getMessage());
      assertTrue(e.getMessage().contains(server.address()), e.getMessage());
      MemcacheAuthenticationException again =
          assertThrows(MemcacheAuthenticationException.class, () -> c.get("k"));
      assertTrue(again.getMessage().contains("failed"), again.getMessage());
    }
  }

  @Test
  void aClientWithoutCredentialsGetsAnAuthenticationError() {
    try (MemcacheClient c = binary(server).build()) {
      MemcacheAuthenticationException e =
          assertThrows(MemcacheAuthenticationException.class, () -> c.get("k"));
      assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    }
  }

  @Test
  void saslWorksOverTls() throws Exception {
    try (MemcacheClient c =
        binary(tlsServer)
            .tls(certificates.trustingContext())
            .sasl("alice", "s3cret pass")
            // the first call waits for TCP, TLS and SASL handshakes: over 1 s on a loaded machine
            .operationTimeout(Duration.ofSeconds(5))
            .build()) {
      assertTrue(c.set("k", "over tls"));
      assertEquals("over tls", c.get("k"));
    }
  }

  @Test
  void saslIsRefusedAtBuildTimeForProtocolsWithoutIt() {
    for (Protocol p : List.of(Protocol.TEXT, Protocol.META)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  MemcacheClient.builder()
                      .servers("127.0.0.1:11211")
                      .protocol(p)
                      .sasl("alice", "x")
                      .build());
      assertTrue(e.getMessage().contains("Protocol.BINARY"), e.getMessage());
    }
  }
}
