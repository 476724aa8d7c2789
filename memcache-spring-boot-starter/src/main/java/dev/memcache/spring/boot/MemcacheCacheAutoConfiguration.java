package dev.memcache.spring.boot;

import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.MemcacheCacheManager;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A {@link MemcacheCacheManager} over the application's {@link MemcacheClient} when caching is on
 * ({@code @EnableCaching}), configured by the {@code memcache.cache.*} properties. With several
 * clients, the {@code @Primary} one is used; with several and none primary, no manager is made.
 *
 * <p>It backs off when the application defines its own {@link CacheManager}, and when {@code
 * spring.cache.type} is set: that property chooses one of Spring Boot's own cache providers (or
 * {@code none}), and Boot's cache auto-configuration, which runs after this one, then makes it.
 */
@AutoConfiguration(
    after = MemcacheAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({MemcacheCacheManager.class, CacheManager.class, MemcacheClient.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnSingleCandidate(MemcacheClient.class)
@ConditionalOnMissingBean(CacheManager.class)
@Conditional(MemcacheCacheAutoConfiguration.NoSpringCacheType.class)
@EnableConfigurationProperties(MemcacheProperties.class)
public class MemcacheCacheAutoConfiguration {

  /** Created by Spring. */
  public MemcacheCacheAutoConfiguration() {}

  @Bean
  MemcacheCacheManager cacheManager(
      MemcacheClient memcacheClient,
      MemcacheProperties properties,
      ObjectProvider<MemcacheCacheManagerBuilderCustomizer> customizers) {
    MemcacheCacheProperties p = properties.getCache();
    MemcacheCacheManager.Builder builder =
        MemcacheCacheManager.builder(memcacheClient)
            .defaultTtl(p.getDefaultTtl())
            .keyPrefix(p.getKeyPrefix())
            .allowNullValues(p.isAllowNullValues())
            .generationCacheTtl(p.getGenerationCacheTtl())
            .lockTtl(p.getLockTtl())
            .lockWait(p.getLockWait());
    for (Map.Entry<String, Duration> ttl : p.getTtl().entrySet())
      builder.ttl(ttl.getKey(), ttl.getValue());
    if (!p.getCacheNames().isEmpty()) builder.cacheNames(p.getCacheNames());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** Matches unless {@code spring.cache.type} names a provider of Spring Boot's. */
  static final class NoSpringCacheType extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      String type = context.getEnvironment().getProperty("spring.cache.type");
      return type == null || type.isBlank()
          ? ConditionOutcome.match("spring.cache.type is not set")
          : ConditionOutcome.noMatch("spring.cache.type=" + type + " chooses Spring Boot's cache");
    }
  }
}
