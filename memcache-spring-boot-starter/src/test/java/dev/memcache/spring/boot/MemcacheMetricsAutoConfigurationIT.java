package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import dev.memcache.testkit.MemcachedExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Micrometer binding: when it is made and what it records, against a real memcached. */
class MemcacheMetricsAutoConfigurationIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MemcacheAutoConfiguration.class, MemcacheMetricsAutoConfiguration.class))
          .withPropertyValues("memcache.servers=" + memcached.address());

  @Test
  void theAutoConfiguredClientRecordsItsRequestsInTheRegistry() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              MemcacheClient client = context.getBean(MemcacheClient.class);
              client.set("m", "v", Duration.ofMinutes(1));
              client.get("m");
              client.get("absent");
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.get("memcache.requests").tag("operation", "set").timer().count())
                  .isEqualTo(1);
              assertThat(registry.get("memcache.hits").counter().count()).isEqualTo(1);
              assertThat(registry.get("memcache.misses").counter().count()).isEqualTo(1);
            });
  }

  @Test
  void noBindingWithoutARegistryWhenTurnedOffOrWithoutMemcacheMicrometer() {
    runner.run(context -> assertThat(context).doesNotHaveBean(MemcacheMetrics.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("memcache.metrics.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(MemcacheMetrics.class);
              context.getBean(MemcacheClient.class).get("k");
              assertThat(context.getBean(MeterRegistry.class).find("memcache.requests").timer())
                  .isNull();
            });
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(MemcacheMetrics.class))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(MemcacheClient.class)
                    .doesNotHaveBean("memcacheMetricsListener"));
  }

  /** An application that builds its own client and adds the metrics listener itself. */
  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean(destroyMethod = "close")
    MemcacheClient myClient(MemcacheMetrics metrics) {
      return MemcacheClient.builder().servers(memcached.address()).listener(metrics).build();
    }
  }

  @Test
  void theApplicationsOwnClientCanTakeTheMetricsBean() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withUserConfiguration(OwnClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MemcacheClient.class).hasBean("myClient");
              context.getBean(MemcacheClient.class).get("k");
              assertThat(
                      context
                          .getBean(MeterRegistry.class)
                          .get("memcache.requests")
                          .tag("operation", "get")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }
}
