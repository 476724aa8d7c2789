package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.core.HashAlgorithm;
import dev.memcache.core.MemcacheAuthenticationException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.MemcachedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The client auto-configuration in small contexts against a real memcached. */
class MemcacheAutoConfigurationIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();
  @TempDir Path dir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(MemcacheAutoConfiguration.class, SslAutoConfiguration.class));

  @Test
  void everyPropertyReachesTheClientConfiguration() {
    runner
        .withPropertyValues(
            "memcache.servers=" + memcached.address() + ",127.0.0.1:1",
            "memcache.protocol=meta",
            "memcache.operation-timeout=250ms",
            "memcache.connect-timeout=300ms",
            "memcache.hang-timeout=5s",
            "memcache.connections-per-server=3",
            "memcache.max-in-flight=100",
            "memcache.distribution=libmemcached-consistent",
            "memcache.hash-algorithm=murmur",
            "memcache.failure-policy=miss",
            "memcache.failure-limit=4",
            "memcache.retry-delay=2s",
            "memcache.failover-ttl=30s",
            "memcache.key-prefix=app:",
            "memcache.max-value-size=2MB")
        .run(
            context -> {
              ClientConfig c = context.getBean(MemcacheClient.class).config();
              assertThat(c.servers()).hasSize(2);
              assertThat(c.servers().get(0).toString()).isEqualTo(memcached.address());
              assertThat(c.protocol()).isEqualTo(Protocol.META);
              assertThat(c.operationTimeout()).isEqualTo(Duration.ofMillis(250));
              assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(300));
              assertThat(c.hangTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(c.connectionsPerServer()).isEqualTo(3);
              assertThat(c.maxInFlight()).isEqualTo(100);
              assertThat(c.distribution()).isEqualTo(Distribution.LIBMEMCACHED_CONSISTENT);
              assertThat(c.hashAlgorithm()).isEqualTo(HashAlgorithm.MURMUR);
              assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.MISS);
              assertThat(c.failureLimit()).isEqualTo(4);
              assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(2));
              assertThat(c.failoverTtl()).isEqualTo(Duration.ofSeconds(30));
              assertThat(c.keyPrefix()).isEqualTo("app:");
              assertThat(c.maxValueSize()).isEqualTo(2 * 1024 * 1024);
              assertThat(c.tls()).isNull();
            });
  }

  @Test
  void withOnlyServersSetTheClientHasTheBuildersDefaults() {
    runner
        .withPropertyValues("memcache.servers=" + memcached.address())
        .run(
            context -> {
              ClientConfig actual = context.getBean(MemcacheClient.class).config();
              ClientConfig expected =
                  MemcacheClient.builder().servers(memcached.address()).buildConfig();
              assertThat(actual.toString()).isEqualTo(expected.toString());
              assertThat(describe(actual)).isEqualTo(describe(expected));
            });
  }

  private static List<Object> describe(ClientConfig c) {
    return List.of(
        c.protocol(),
        c.operationTimeout(),
        c.connectTimeout(),
        c.hangTimeout(),
        c.failurePolicy(),
        c.failoverTtl(),
        c.failureLimit(),
        c.retryDelay(),
        c.connectionsPerServer(),
        c.maxInFlight(),
        c.keyPrefix(),
        c.maxValueSize(),
        c.valueCodec(),
        c.distribution(),
        String.valueOf(c.hashAlgorithm()),
        c.tlsHostnameVerification(),
        c.keyFunction());
  }

  @Test
  void theClientAndItsAsyncViewTalkToMemcached() {
    runner
        .withPropertyValues("memcache.servers=" + memcached.address(), "memcache.key-prefix=t1:")
        .run(
            context -> {
              MemcacheClient client = context.getBean(MemcacheClient.class);
              MemcacheAsyncClient async = context.getBean(MemcacheAsyncClient.class);
              assertThat(client.set("k", "v", Duration.ofMinutes(1))).isTrue();
              assertThat(async.get("k", String.class).get(5, TimeUnit.SECONDS)).isEqualTo("v");
              try (MemcacheClient plain =
                  MemcacheClient.builder().servers(memcached.address()).build()) {
                assertThat(plain.get("t1:k")).isEqualTo("v");
              }
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean(destroyMethod = "close")
    MemcacheClient myClient() {
      return MemcacheClient.builder().servers(memcached.address()).keyPrefix("mine:").build();
    }
  }

  @Test
  void theApplicationsOwnClientMakesTheAutoConfiguredOneBackOff() {
    runner
        .withUserConfiguration(OwnClient.class)
        .withPropertyValues("memcache.servers=127.0.0.1:1", "memcache.key-prefix=auto:")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MemcacheClient.class);
              assertThat(context).hasBean("myClient").doesNotHaveBean("memcacheClient");
              assertThat(context.getBean(MemcacheClient.class).config().keyPrefix())
                  .isEqualTo("mine:");
              assertThat(
                      context.getBean(MemcacheAsyncClient.class).set("a", "b", Duration.ZERO).get())
                  .isTrue();
            });
  }

  @Test
  void customizersChangeTheBuilderAfterTheProperties() {
    runner
        .withPropertyValues("memcache.servers=" + memcached.address(), "memcache.key-prefix=p:")
        .withBean(
            MemcacheClientBuilderCustomizer.class,
            () -> b -> b.keyPrefix("custom:").operationTimeout(Duration.ofMillis(700)))
        .run(
            context -> {
              ClientConfig c = context.getBean(MemcacheClient.class).config();
              assertThat(c.keyPrefix()).isEqualTo("custom:");
              assertThat(c.operationTimeout()).isEqualTo(Duration.ofMillis(700));
            });
  }

  @Test
  void badValuesStopTheContextWithTheClientsMessage() {
    runner
        .withPropertyValues(
            "memcache.servers=" + memcached.address(), "memcache.connections-per-server=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("connectionsPerServer must be 1..64, was 0"));
    runner
        .withPropertyValues(
            "memcache.servers=" + memcached.address(),
            "memcache.sasl.username=alice",
            "memcache.sasl.password=x")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("SASL authentication needs protocol(Protocol.BINARY)"));
    runner
        .withPropertyValues("memcache.servers=" + memcached.address(), "memcache.ssl.bundle=nope")
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("nope"));
  }

  @Test
  void tlsUsesTheNamedSslBundle() throws Exception {
    try (MemcachedServer tls = SecureServers.tls(dir)) {
      runner
          .withPropertyValues(
              "memcache.servers=" + tls.address(),
              "memcache.ssl.bundle=cache",
              "memcache.operation-timeout=5s", // the first handshake of a cold JVM on a busy
              // machine
              "memcache.connect-timeout=5s",
              "spring.ssl.bundle.pem.cache.truststore.certificate=file:" + dir.resolve("cert.pem"))
          .run(
              context -> {
                MemcacheClient client = context.getBean(MemcacheClient.class);
                assertThat(client.config().tls()).isNotNull();
                assertThat(client.set("over-tls", "yes", Duration.ofMinutes(1))).isTrue();
                assertThat(client.get("over-tls")).isEqualTo("yes");
                MemcacheHealthIndicator health =
                    new MemcacheHealthIndicator(client, Duration.ofSeconds(5));
                try {
                  assertThat(health.health().getStatus())
                      .isEqualTo(Status.UP); // probes use TLS too
                } finally {
                  health.destroy();
                }
              });
      // the certificate names 127.0.0.1, not localhost: refused unless verification is off
      String byName = "localhost:" + tls.port();
      String[] bundle = {
        "memcache.ssl.bundle=cache",
        "memcache.operation-timeout=5s",
        "memcache.connect-timeout=5s",
        "spring.ssl.bundle.pem.cache.truststore.certificate=file:" + dir.resolve("cert.pem")
      };
      runner
          .withPropertyValues(bundle)
          .withPropertyValues("memcache.servers=" + byName)
          .run(
              context ->
                  assertThatThrownBy(() -> context.getBean(MemcacheClient.class).get("over-tls"))
                      .isInstanceOf(MemcacheException.class)
                      .hasMessageContaining("does not name host 'localhost'"));
      runner
          .withPropertyValues(bundle)
          .withPropertyValues(
              "memcache.servers=" + byName, "memcache.ssl.hostname-verification=false")
          .run(
              context ->
                  assertThat(context.getBean(MemcacheClient.class).get("over-tls"))
                      .isEqualTo("yes"));
      // TLS without a bundle trusts the JVM's default trust store, which lacks this certificate
      runner
          .withPropertyValues(
              "memcache.servers=" + tls.address(),
              "memcache.ssl.enabled=true",
              "memcache.connect-timeout=5s",
              "memcache.operation-timeout=5s")
          .run(
              context ->
                  assertThatThrownBy(() -> context.getBean(MemcacheClient.class).get("over-tls"))
                      .isInstanceOf(MemcacheException.class)
                      .hasMessageContaining("not trusted"));
      // the same server without TLS: the handshake never completes, nothing is stored
      runner
          .withPropertyValues(
              "memcache.servers=" + tls.address(), "memcache.operation-timeout=300ms")
          .run(
              context ->
                  assertThatThrownBy(() -> context.getBean(MemcacheClient.class).get("over-tls"))
                      .isInstanceOf(MemcacheException.class));
    }
  }

  @Test
  void saslCredentialsComeFromTheProperties() throws Exception {
    try (MemcachedServer sasl = SecureServers.sasl(dir, "alice", "s3cret pass")) {
      List<String> common =
          new ArrayList<>(
              List.of(
                  "memcache.servers=" + sasl.address(),
                  "memcache.protocol=binary",
                  "memcache.sasl.username=alice"));
      runner
          .withPropertyValues(common.toArray(String[]::new))
          .withPropertyValues("memcache.sasl.password=s3cret pass")
          .run(
              context -> {
                MemcacheClient client = context.getBean(MemcacheClient.class);
                assertThat(client.set("sasl", "ok", Duration.ofMinutes(1))).isTrue();
                assertThat(client.get("sasl")).isEqualTo("ok");
                MemcacheHealthIndicator health =
                    new MemcacheHealthIndicator(client, Duration.ofSeconds(2));
                try {
                  assertThat(health.health().getStatus()).isEqualTo(Status.UP); // probes log in
                } finally {
                  health.destroy();
                }
              });
      runner
          .withPropertyValues(common.toArray(String[]::new))
          .withPropertyValues("memcache.sasl.password=wrong")
          .run(
              context ->
                  assertThatThrownBy(() -> context.getBean(MemcacheClient.class).get("sasl"))
                      .isInstanceOf(MemcacheAuthenticationException.class)
                      .hasMessageContaining("alice"));
      runner
          .withPropertyValues(common.toArray(String[]::new))
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining("memcache.sasl.password is not"));
    }
  }

  @Test
  void closingTheContextWritesTheQueuedNoreplyWritesFirst() {
    int n = 5_000;
    runner
        .withPropertyValues("memcache.servers=" + memcached.address())
        .run(
            context -> {
              MemcacheClient.NoReply writes = context.getBean(MemcacheClient.class).noReply();
              for (int i = 0; i < n; i++) writes.set("shutdown:" + i, i, Duration.ofMinutes(5));
            }); // the context closes here, with writes still queued
    try (MemcacheClient plain = MemcacheClient.builder().servers(memcached.address()).build()) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) keys.add("shutdown:" + i);
      assertThat(plain.getMulti(keys)).hasSize(n);
    }
  }
}
