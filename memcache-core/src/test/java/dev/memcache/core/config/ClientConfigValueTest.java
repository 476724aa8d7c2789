package dev.memcache.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.event.MemcacheListener;
import dev.memcache.core.keys.KeyFunction;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * ClientConfig as a value: equal settings make equal configs, defaults are the published constants,
 * derived defaults follow their settings, secrets stay out of {@code toString}, and bad settings
 * are refused with the same messages as before. Needs no server.
 */
class ClientConfigValueTest {
  private static ClientConfig.Builder<?> base() {
    return ClientConfig.builder().servers("127.0.0.1:11211");
  }

  private static ClientConfig.Builder<?> everySetting() {
    return ClientConfig.builder()
        .servers("10.0.0.1:11211", "10.0.0.2:11212")
        .protocol(Protocol.BINARY)
        .operationTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(300))
        .hangTimeout(Duration.ofSeconds(2))
        .failurePolicy(FailurePolicy.REDISTRIBUTE)
        .failoverTtl(Duration.ofSeconds(5))
        .failureLimit(4)
        .retryDelay(Duration.ofMillis(700))
        .connectionsPerServer(2)
        .maxInFlight(100)
        .updateAttempts(9)
        .keyPrefix("app:")
        .maxValueSize(2048)
        .distribution(Distribution.LIBMEMCACHED_CONSISTENT, HashAlgorithm.FNV1A_32)
        .tlsHostnameVerification(false)
        .sasl("alice", "s3cret-pw");
  }

  @Test
  void configsWithEqualSettingsAreEqualAndHashAlike() {
    ClientConfig a = everySetting().buildConfig();
    ClientConfig b = everySetting().buildConfig();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a.toBuilder().buildConfig(), "a copy equals its original");
    assertEquals(base().buildConfig(), base().buildConfig());
    assertEquals(base().buildConfig().hashCode(), base().buildConfig().hashCode());
  }

  @Test
  void configsDifferingInOneSettingAreNotEqual() {
    ClientConfig a = everySetting().buildConfig();
    assertNotEquals(a, everySetting().maxInFlight(101).buildConfig());
    assertNotEquals(a, everySetting().sasl("alice", "other").buildConfig());
    assertNotEquals(a, everySetting().servers("10.0.0.2:11212", "10.0.0.1:11211").buildConfig());
    assertNotEquals(a, null);
    assertNotEquals(a, "ClientConfig");
  }

  @Test
  void aDerivedSettingDiffersFromTheSameValueSetExplicitly() {
    ClientConfig derived = base().buildConfig();
    ClientConfig explicit = base().hangTimeout(derived.hangTimeout()).buildConfig();
    assertEquals(derived.hangTimeout(), explicit.hangTimeout());
    assertNotEquals(derived, explicit, "they part ways when the operation timeout changes");
  }

  @Test
  void toStringShowsTheSettingsButNoSecrets() throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, null, null);
    String text = everySetting().tls(tls).buildConfig().toString();
    assertFalse(text.contains("s3cret-pw"), text);
    assertFalse(text.contains(tls.toString()), "nothing of the TLS context: " + text);
    assertFalse(text.contains("SSLContext"), text);
    assertTrue(text.startsWith("ClientConfig["), text);
    for (String shown :
        List.of(
            "10.0.0.1:11211",
            "protocol=BINARY",
            "operationTimeout=PT0.25S",
            "hangTimeout=PT2S",
            "maxInFlight=100",
            "keyPrefix='app:'",
            "LIBMEMCACHED_CONSISTENT/FNV1A_32",
            "tls=on",
            "sasl=alice")) assertTrue(text.contains(shown), shown + " in " + text);
    assertTrue(base().buildConfig().toString().contains("hangTimeout=derived"));
  }

  @Test
  void everyDefaultIsItsPublishedConstant() {
    ClientConfig c = base().buildConfig();
    assertEquals(ClientConfig.DEFAULT_PROTOCOL, c.protocol());
    assertEquals(ClientConfig.DEFAULT_OPERATION_TIMEOUT, c.operationTimeout());
    assertEquals(ClientConfig.DEFAULT_CONNECT_TIMEOUT, c.connectTimeout());
    assertEquals(ClientConfig.DEFAULT_FAILURE_POLICY, c.failurePolicy());
    assertEquals(ClientConfig.DEFAULT_FAILOVER_TTL, c.failoverTtl());
    assertEquals(ClientConfig.DEFAULT_FAILURE_LIMIT, c.failureLimit());
    assertEquals(ClientConfig.DEFAULT_RETRY_DELAY, c.retryDelay());
    assertEquals(ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER, c.connectionsPerServer());
    assertEquals(ClientConfig.DEFAULT_MAX_IN_FLIGHT, c.maxInFlight());
    assertEquals(ClientConfig.DEFAULT_UPDATE_ATTEMPTS, c.updateAttempts());
    assertEquals(ClientConfig.DEFAULT_MAX_VALUE_SIZE, c.maxValueSize());
    assertSame(ClientConfig.DEFAULT_VALUE_CODEC, c.valueCodec());
    assertEquals(ClientConfig.DEFAULT_DISTRIBUTION, c.distribution());
    assertEquals(ClientConfig.DEFAULT_TLS_HOSTNAME_VERIFICATION, c.tlsHostnameVerification());
    assertEquals("", c.keyPrefix());
    assertSame(KeyFunction.identity(), c.keyFunction());
    assertNull(c.tls());
    assertNull(c.saslUsername());
    assertNull(c.saslPassword());
    assertNull(c.listener());
  }

  @Test
  void theDefaultsAreTheValuesTheClientAlwaysHad() {
    assertEquals(Protocol.TEXT, ClientConfig.DEFAULT_PROTOCOL);
    assertEquals(Duration.ofSeconds(1), ClientConfig.DEFAULT_OPERATION_TIMEOUT);
    assertEquals(Duration.ofSeconds(1), ClientConfig.DEFAULT_CONNECT_TIMEOUT);
    assertEquals(3, ClientConfig.DEFAULT_HANG_TIMEOUT_MULTIPLIER);
    assertEquals(Duration.ofSeconds(1), ClientConfig.DEFAULT_HANG_TIMEOUT_MINIMUM);
    assertEquals(FailurePolicy.FAIL_FAST, ClientConfig.DEFAULT_FAILURE_POLICY);
    assertEquals(Duration.ofSeconds(60), ClientConfig.DEFAULT_FAILOVER_TTL);
    assertEquals(2, ClientConfig.DEFAULT_FAILURE_LIMIT);
    assertEquals(Duration.ofSeconds(1), ClientConfig.DEFAULT_RETRY_DELAY);
    assertEquals(1, ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER);
    assertEquals(4096, ClientConfig.DEFAULT_MAX_IN_FLIGHT);
    assertEquals(64, ClientConfig.DEFAULT_UPDATE_ATTEMPTS);
    assertEquals(1024 * 1024, ClientConfig.DEFAULT_MAX_VALUE_SIZE);
    assertSame(PythonValueCodec.DEFAULT, ClientConfig.DEFAULT_VALUE_CODEC);
    assertEquals(Distribution.PYMEMCACHE_RENDEZVOUS, ClientConfig.DEFAULT_DISTRIBUTION);
    assertTrue(ClientConfig.DEFAULT_TLS_HOSTNAME_VERIFICATION);
  }

  @Test
  void theHangTimeoutIsDerivedFromTheOperationTimeoutWhenRead() {
    for (long ms : new long[] {1, 100, 333, 334, 1000, 2500, 60_000}) {
      Duration op = Duration.ofMillis(ms);
      Duration expected =
          op.multipliedBy(ClientConfig.DEFAULT_HANG_TIMEOUT_MULTIPLIER)
                      .compareTo(ClientConfig.DEFAULT_HANG_TIMEOUT_MINIMUM)
                  < 0
              ? ClientConfig.DEFAULT_HANG_TIMEOUT_MINIMUM
              : op.multipliedBy(ClientConfig.DEFAULT_HANG_TIMEOUT_MULTIPLIER);
      assertEquals(expected, base().operationTimeout(op).buildConfig().hangTimeout(), op + "");
    }
    assertEquals(Duration.ofSeconds(3), base().buildConfig().hangTimeout(), "3 x the default 1 s");
    assertEquals(
        Duration.ofMillis(1002),
        base().operationTimeout(Duration.ofMillis(334)).buildConfig().hangTimeout());
    assertEquals(
        Duration.ofSeconds(1),
        base().operationTimeout(Duration.ofMillis(333)).buildConfig().hangTimeout(),
        "999 ms is raised to the 1 s minimum");
  }

  @Test
  void theHashIsTheDistributionsDefaultUnlessSet() {
    for (Distribution d : Distribution.values()) {
      ClientConfig c = base().distribution(d).buildConfig();
      assertEquals(d.defaultHash(), c.hashAlgorithm(), d.name());
    }
    assertEquals(
        HashAlgorithm.CRC,
        base()
            .distribution(Distribution.LIBMEMCACHED_MODULA, HashAlgorithm.CRC)
            .buildConfig()
            .hashAlgorithm());
  }

  @Test
  void theListenerIsTheOneAddedOrAllOfThemAsOne() {
    MemcacheListener one = new MemcacheListener() {};
    MemcacheListener two = new MemcacheListener() {};
    assertSame(one, base().listener(one).buildConfig().listener());
    ClientConfig both = base().listener(one).listener(two).buildConfig();
    assertEquals(both, both.toBuilder().buildConfig());
    assertNotEquals(both, base().listener(two).listener(one).buildConfig(), "order matters");
  }

  @Test
  void aBuiltConfigDoesNotChangeWhenItsBuilderChanges() {
    ClientConfig.Builder<?> builder = base().listener(new MemcacheListener() {});
    ClientConfig built = builder.buildConfig();
    builder.servers("10.9.9.9:11211").listener(new MemcacheListener() {}).maxInFlight(3);
    assertEquals("127.0.0.1:11211", built.servers().get(0).toString());
    assertEquals(ClientConfig.DEFAULT_MAX_IN_FLIGHT, built.maxInFlight());
    assertEquals(built, base().listener(built.listener()).buildConfig());
    assertThrows(UnsupportedOperationException.class, () -> built.servers().clear());
  }

  @Test
  void badSettingsAreRefusedWithTheirMessages() {
    refused("failureLimit must be at least 1, was 0", () -> base().failureLimit(0));
    refused("connectionsPerServer must be 1..64, was 65", () -> base().connectionsPerServer(65));
    refused("connectionsPerServer must be 1..64, was 0", () -> base().connectionsPerServer(0));
    refused("maxInFlight must be positive, was 0", () -> base().maxInFlight(0));
    refused("updateAttempts must be at least 1, was 0", () -> base().updateAttempts(0));
    refused("maxValueSize must be positive, was -1", () -> base().maxValueSize(-1));
    refused(
        "operationTimeout must be positive, was PT0S",
        () -> base().operationTimeout(Duration.ZERO));
    refused("connectTimeout must be positive, was null", () -> base().connectTimeout(null));
    refused(
        "hangTimeout must be positive, was PT-1S",
        () -> base().hangTimeout(Duration.ofSeconds(-1)));
    refused(
        "retryDelay must be at most PT596H31M23.647S (2^31-1 ms), was PT596H31M23.648S",
        () -> base().retryDelay(Duration.ofMillis(Integer.MAX_VALUE + 1L)));
    refused(
        "failoverTtl must be from 1 s to 30 days, was PT720H0.001S",
        () -> base().failoverTtl(Duration.ofDays(30).plusMillis(1)));
    refused(
        "PYMEMCACHE_RENDEZVOUS has a fixed hash, not MD5",
        () -> base().distribution(Distribution.PYMEMCACHE_RENDEZVOUS, HashAlgorithm.MD5));
    refused(
        "no servers: call servers(\"127.0.0.1:11211\")",
        () -> ClientConfig.builder().buildConfig());
    refused(
        "SASL authentication needs protocol(Protocol.BINARY), not TEXT",
        () -> base().sasl("u", "p").buildConfig());
    refused(
        "SASL authentication needs protocol(Protocol.BINARY), not META",
        () -> base().protocol(Protocol.META).sasl("u", "p").buildConfig());
    IllegalArgumentException weights =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.builder().servers("10.0.0.1:11211 2").buildConfig());
    assertTrue(
        weights
            .getMessage()
            .startsWith("server 10.0.0.1:11211 has weight 2 but PYMEMCACHE_RENDEZVOUS"),
        weights.getMessage());
    assertEquals(
        "protocol",
        assertThrows(NullPointerException.class, () -> base().protocol(null)).getMessage());
    assertEquals(
        "keyPrefix",
        assertThrows(NullPointerException.class, () -> base().keyPrefix(null)).getMessage());
  }

  private static void refused(String message, Executable setting) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
  }
}
