package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata IDEs read to complete {@code memcache.*} properties: generated at compile time by
 * Spring Boot's configuration processor from {@link MemcacheProperties} and its Javadoc.
 */
class ConfigurationMetadataTest {

  @Test
  @SuppressWarnings("unchecked")
  void theMetadataListsEveryPropertyWithItsDescriptionAndDefault() throws Exception {
    List<URL> found =
        Collections.list(
                getClass()
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))
            .stream()
            .filter(u -> !u.toString().contains(".jar!"))
            .toList();
    assertThat(found).as("this module's own metadata (target/classes)").hasSize(1);
    Map<String, Object> metadata;
    try (InputStream in = found.get(0).openStream()) {
      metadata = JsonMapper.builder().build().readValue(in, Map.class);
    }
    Map<String, Map<String, Object>> properties =
        ((List<Map<String, Object>>) metadata.get("properties"))
            .stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> p, (x, y) -> x));

    assertThat(properties)
        .containsKeys(
            "memcache.servers",
            "memcache.protocol",
            "memcache.operation-timeout",
            "memcache.connect-timeout",
            "memcache.connections-per-server",
            "memcache.distribution",
            "memcache.failure-policy",
            "memcache.failure-limit",
            "memcache.key-prefix",
            "memcache.max-value-size",
            "memcache.ssl.bundle",
            "memcache.sasl.username",
            "memcache.sasl.password",
            "memcache.health.timeout",
            "memcache.cache.default-ttl",
            "memcache.cache.ttl",
            "memcache.cache.key-prefix",
            "memcache.cache.allow-null-values",
            "memcache.cache.cache-names",
            "management.health.memcache.enabled");
    Map<String, Object> servers = properties.get("memcache.servers");
    assertThat((String) servers.get("description")).startsWith("The servers, as \"host:port\"");
    assertThat(servers.get("defaultValue")).isEqualTo(List.of("localhost:11211"));
    assertThat(properties.get("memcache.operation-timeout").get("defaultValue")).isEqualTo("1s");
    assertThat(properties.get("memcache.failure-policy").get("defaultValue"))
        .isEqualTo("fail-fast");
    for (Map<String, Object> p : properties.values())
      assertThat((String) p.get("description"))
          .as(p.get("name") + " has a description")
          .isNotBlank();
  }
}
