package dev.memcache.spring.boot;

import dev.memcache.java.MemcacheClient;

/**
 * Changes the auto-configured client's builder after the {@code memcache.*} properties are applied
 * and before the client is built: for settings that are not properties, such as a value codec, a
 * key function or a listener. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * MemcacheClientBuilderCustomizer jsonValues() {
 *   return builder -> builder.valueCodec(myCodec);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MemcacheClientBuilderCustomizer {
  /**
   * Changes the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(MemcacheClient.Builder builder);
}
