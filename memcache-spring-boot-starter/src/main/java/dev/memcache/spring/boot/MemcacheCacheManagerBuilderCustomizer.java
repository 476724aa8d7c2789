package dev.memcache.spring.boot;

import dev.memcache.spring.MemcacheCacheManager;

/**
 * Changes the auto-configured cache manager's builder after the {@code memcache.cache.*} properties
 * are applied: for settings that are not properties, such as JSON values for a cache. Every bean of
 * this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * MemcacheCacheManagerBuilderCustomizer productsAsJson() {
 *   return builder -> builder.jsonValues("products", Product.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MemcacheCacheManagerBuilderCustomizer {
  /**
   * Changes the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(MemcacheCacheManager.Builder builder);
}
