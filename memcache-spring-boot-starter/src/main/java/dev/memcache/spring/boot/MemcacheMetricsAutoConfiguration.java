package dev.memcache.spring.boot;

import dev.memcache.java.MemcacheClient;
import dev.memcache.micrometer.MemcacheMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The client's meters ({@link MemcacheMetrics}: {@code memcache.requests}, {@code memcache.hits},
 * ...) in the application's {@link MeterRegistry}, when {@code memcache-micrometer} is on the
 * classpath and Micrometer is configured (with the actuator). The auto-configured client gets the
 * {@link MemcacheMetrics} bean as a listener; an application that builds its own client adds it
 * itself: {@code builder.listener(memcacheMetrics)}. Turn it off with {@code
 * memcache.metrics.enabled=false}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MemcacheMetrics.class, MeterRegistry.class, MemcacheClient.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "memcache.metrics", name = "enabled", matchIfMissing = true)
public class MemcacheMetricsAutoConfiguration {

  /** Created by Spring. */
  public MemcacheMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  MemcacheMetrics memcacheMetrics(MeterRegistry registry) {
    return MemcacheMetrics.of(registry);
  }

  @Bean
  MemcacheClientBuilderCustomizer memcacheMetricsListener(MemcacheMetrics memcacheMetrics) {
    return builder -> builder.listener(memcacheMetrics);
  }
}
