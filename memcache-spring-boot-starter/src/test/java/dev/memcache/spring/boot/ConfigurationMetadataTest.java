package dev.memcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata IDEs read to complete {@code memcache.*} properties: generated at compile time by
 * Spring Boot's configuration processor from {@link MemcacheProperties} and its Javadoc.
 */
class ConfigurationMetadataTest {

  /** Properties of {@link MemcacheProperties} whose default is "unset". */
  private static final Set<String> WITHOUT_DEFAULT =
      Set.of(
          "memcache.hang-timeout",
          "memcache.hash-algorithm",
          "memcache.ssl.bundle",
          "memcache.sasl.username",
          "memcache.sasl.password",
          "memcache.cache.ttl",
          "memcache.cache.cache-names");

  @Test
  void theMetadataListsEveryPropertyWithItsDescriptionAndDefault() throws Exception {
    Map<String, Map<String, Object>> properties = metadataProperties();
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

  /**
   * The defaults IDEs show are the ones an application gets: the properties start at the core's
   * {@code ClientConfig.DEFAULT_*} constants, which the configuration processor cannot read, so
   * their defaults are declared in {@code additional-spring-configuration-metadata.json}; binding
   * every declared default must give the properties' initial values, and only unset settings may
   * lack a default.
   */
  @Test
  void everyDefaultInTheMetadataIsTheValueThePropertiesStartWith() throws Exception {
    Map<String, Object> defaults = new LinkedHashMap<>();
    List<String> ours = new ArrayList<>();
    for (Map<String, Object> p : metadataProperties().values()) {
      String name = (String) p.get("name");
      if (!String.valueOf(p.get("sourceType")).startsWith("dev.memcache.spring.boot.")) continue;
      ours.add(name);
      Object value = p.get("defaultValue");
      if (value == null) {
        assertThat(WITHOUT_DEFAULT).as(name + " has a default in the metadata").contains(name);
        continue;
      }
      defaults.put(
          name,
          value instanceof List<?> list
              ? String.join(",", list.stream().map(String::valueOf).toList())
              : String.valueOf(value));
    }
    assertThat(ours).hasSizeGreaterThan(25);
    MemcacheProperties bound =
        new Binder(new MapConfigurationPropertySource(defaults))
            .bind("memcache", MemcacheProperties.class)
            .get();
    MemcacheProperties fresh = new MemcacheProperties();
    for (String name : defaults.keySet())
      assertThat(read(bound, name)).as(name).isEqualTo(read(fresh, name));
  }

  /** The value of property {@code name} ({@code memcache.a.b-c}) through its getters. */
  private static Object read(Object properties, String name) throws Exception {
    Object value = properties;
    for (String part : name.substring("memcache.".length()).split("\\.")) {
      StringBuilder camel = new StringBuilder();
      for (String word : part.split("-"))
        camel.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      Method getter;
      try {
        getter = value.getClass().getMethod("get" + camel);
      } catch (NoSuchMethodException e) {
        getter = value.getClass().getMethod("is" + camel);
      }
      value = getter.invoke(value);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> metadataProperties() throws Exception {
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
    return ((List<Map<String, Object>>) metadata.get("properties"))
        .stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> p, (x, y) -> x));
  }
}
