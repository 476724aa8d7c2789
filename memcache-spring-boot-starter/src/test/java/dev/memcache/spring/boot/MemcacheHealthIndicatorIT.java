package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator against real servers that die, hang and come back. */
class MemcacheHealthIndicatorIT {
  private final MemcachedServer a = MemcachedServer.startDefault();
  private final MemcachedServer b = MemcachedServer.startDefault();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MemcacheAutoConfiguration.class, MemcacheHealthAutoConfiguration.class))
          .withPropertyValues("memcache.servers=" + a.address() + "," + b.address());

  @AfterEach
  void stopServers() {
    a.close();
    b.close();
  }

  @Test
  void upWithEveryServersVersionDownNamingTheDeadServerAndUpAgainAfterItsRestart() {
    runner.run(
        context -> {
          HealthIndicator health =
              context.getBean("memcacheHealthIndicator", HealthIndicator.class);
          Health up = health.health();
          assertThat(up.getStatus()).isEqualTo(Status.UP);
          assertThat(up.getDetails()).containsOnlyKeys(a.address(), b.address());
          assertThat(((Map<?, ?>) up.getDetails().get(a.address())).get("version").toString())
              .matches("\\d+\\.\\d+\\.\\d+.*");

          b.kill();
          Health down = health.health();
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          assertThat(((Map<?, ?>) down.getDetails().get(a.address())).get("version")).isNotNull();
          Map<?, ?> dead = (Map<?, ?>) down.getDetails().get(b.address());
          assertThat(dead.get("error").toString())
              .contains("MemcacheConnectionException")
              .contains(b.address());

          b.start();
          assertThat(upWithin(health, Duration.ofSeconds(2))).isTrue();
        });
  }

  @Test
  void aServerThatDoesNotAnswerIsDownWithinTheTimeout() {
    runner
        .withPropertyValues("memcache.health.timeout=300ms")
        .run(
            context -> {
              HealthIndicator health = context.getBean(MemcacheHealthIndicator.class);
              assertThat(health.health().getStatus()).isEqualTo(Status.UP);
              a.pause();
              try {
                long start = System.nanoTime();
                Health down = health.health();
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(((Map<?, ?>) down.getDetails().get(a.address())).get("error").toString())
                    .contains("MemcacheTimeoutException")
                    .contains(a.address());
                assertThat(ms).isLessThan(2_000);
              } finally {
                a.resume();
              }
              assertThat(upWithin(health, Duration.ofSeconds(2))).isTrue();
            });
  }

  /**
   * Whether a check finds every server up within {@code limit}: a connect refused less than 50 ms
   * earlier is not retried yet (the client's guard against connect storms).
   */
  static boolean upWithin(HealthIndicator health, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (health.health().getStatus() != Status.UP) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(20);
    }
    return true;
  }

  @Test
  void theChecksLeaveTheApplicationsClientAlone() {
    runner.run(
        context -> {
          MemcacheClient client = context.getBean(MemcacheClient.class);
          HealthIndicator health = context.getBean(MemcacheHealthIndicator.class);
          b.kill();
          for (int i = 0; i < 5; i++)
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
          // no request of the application went to b, so the client has not marked it down
          b.start();
          assertThat(client.version()).containsOnlyKeys(a.address(), b.address());
        });
  }

  @Test
  void offWhenDisabledOrWithoutBootsHealthClasses() {
    runner
        .withPropertyValues("management.health.memcache.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MemcacheHealthIndicator.class));
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MemcacheClient.class)
                    .doesNotHaveBean(MemcacheHealthIndicator.class));
  }

  @Test
  void aBadTimeoutIsRefusedBeforeAnyCheck() {
    runner
        .withPropertyValues("memcache.health.timeout=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("memcache.health.timeout must be positive"));
  }

  @Test
  void theIndicatorFollowsTheApplicationsOwnClient() {
    runner
        .withBean(
            "myClient",
            MemcacheClient.class,
            () ->
                MemcacheClient.builder()
                    .servers(a.address())
                    .operationTimeout(Duration.ofSeconds(2))
                    .build())
        .run(
            context ->
                assertThat(context.getBean(MemcacheHealthIndicator.class).health().getDetails())
                    .containsOnlyKeys(a.address()));
  }
}
