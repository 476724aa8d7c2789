package dev.memcache.spring.boot;

import dev.memcache.java.MemcacheClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code memcache} health contributor ({@link MemcacheHealthIndicator}) when Spring Boot's
 * health support is on the classpath and a {@link MemcacheClient} bean exists (the auto-configured
 * one or the application's; of several, the {@code @Primary} one). Turn it off with {@code
 * management.health.memcache.enabled=false}.
 */
@AutoConfiguration(after = MemcacheAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, MemcacheClient.class})
@ConditionalOnSingleCandidate(MemcacheClient.class)
@ConditionalOnEnabledHealthIndicator("memcache")
@EnableConfigurationProperties(MemcacheProperties.class)
public class MemcacheHealthAutoConfiguration {

  /** Created by Spring. */
  public MemcacheHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "memcacheHealthIndicator")
  MemcacheHealthIndicator memcacheHealthIndicator(
      MemcacheClient memcacheClient, MemcacheProperties properties) {
    return new MemcacheHealthIndicator(memcacheClient, properties.getHealth().getTimeout());
  }
}
