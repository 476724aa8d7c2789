package dev.memcache.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.MemcacheCache;
import dev.memcache.spring.MemcacheCacheManager;
import dev.memcache.testkit.MemcachedServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The starter in a real Spring Boot application (embedded Tomcat, actuator, {@code @EnableCaching})
 * against a real memcached whose address comes from {@code @DynamicPropertySource}.
 */
@SpringBootTest(
    classes = CachingApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "memcache.key-prefix=app:",
      "memcache.cache.key-prefix=shop:",
      "memcache.cache.ttl.books=10m",
      "memcache.cache.generation-cache-ttl=0s",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always"
    })
class CachingApplicationIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final MemcachedServer memcached = MemcachedServer.startDefault();

  @DynamicPropertySource
  static void memcachedAddress(DynamicPropertyRegistry registry) {
    registry.add("memcache.servers", memcached::address);
  }

  @AfterAll
  static void stopMemcached() {
    memcached.close();
  }

  @Autowired CachingApplication.Catalog catalog;
  @Autowired CacheManager cacheManager;
  @Autowired MemcacheClient client;
  @Autowired MeterRegistry meters;
  @LocalServerPort int port;

  private final MemcacheClient plain =
      MemcacheClient.builder()
          .servers(memcached.address())
          .operationTimeout(Duration.ofSeconds(2))
          .build();

  @AfterEach
  void closePlainClient() {
    plain.close();
  }

  /** The documented key: client prefix, cache prefix, cache name, generation, Spring key. */
  private String storedKey(String cache, String key) {
    Object generation = plain.get("app:shop:" + cache + ":gen");
    assertThat(generation).as("the generation counter of " + cache).isNotNull();
    return "app:shop:" + cache + ":" + generation + ":" + key;
  }

  @Test
  void theCacheManagerIsMemcachesWithTheConfiguredTtls() {
    assertThat(cacheManager).isInstanceOf(MemcacheCacheManager.class);
    assertThat(((MemcacheCache) cacheManager.getCache("books")).ttl())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(((MemcacheCache) cacheManager.getCache("authors")).ttl()).isEqualTo(Duration.ZERO);
  }

  @Test
  void theMethodRunsOnceForTwoCallsAndItsEntryIsUnderTheDocumentedKey() {
    int before = catalog.bookCalls();
    assertThat(catalog.book("isbn-1")).isEqualTo("title of isbn-1");
    assertThat(catalog.book("isbn-1")).isEqualTo("title of isbn-1");
    assertThat(catalog.bookCalls() - before).isEqualTo(1);

    String key = storedKey("books", "isbn-1");
    assertThat(plain.get(key)).isEqualTo("title of isbn-1");
    assertThat(((MemcacheCache) cacheManager.getCache("books")).storedKey("isbn-1"))
        .isEqualTo("shop:" + key.substring("app:shop:".length()));
  }

  @Test
  void cacheEvictRemovesTheEntry() {
    catalog.book("isbn-evict");
    String key = storedKey("books", "isbn-evict");
    assertThat(plain.get(key)).isNotNull();
    int before = catalog.bookCalls();
    catalog.forgetBook("isbn-evict");
    assertThat(plain.get(key)).isNull();
    catalog.book("isbn-evict");
    assertThat(catalog.bookCalls() - before).isEqualTo(1);
  }

  @Test
  void clearingOneCacheLeavesOtherCachesAndForeignKeysAlone() {
    catalog.book("isbn-clear");
    catalog.author("a-clear");
    plain.set("foreign:key", "not ours", Duration.ofMinutes(5));
    String bookKey = storedKey("books", "isbn-clear");
    String authorKey = storedKey("authors", "a-clear");

    cacheManager.getCache("books").clear();

    int books = catalog.bookCalls(), authors = catalog.authorCalls();
    catalog.book("isbn-clear");
    catalog.author("a-clear");
    assertThat(catalog.bookCalls() - books).as("books was cleared").isEqualTo(1);
    assertThat(catalog.authorCalls() - authors).as("authors was not").isZero();
    assertThat(plain.get(authorKey)).isEqualTo("author a-clear");
    assertThat(plain.get("foreign:key")).isEqualTo("not ours");
    assertThat(storedKey("books", "isbn-clear")).isNotEqualTo(bookKey);
  }

  @Test
  void aThreeHundredCharacterKeyIsCached() {
    String isbn = "x".repeat(300);
    int before = catalog.bookCalls();
    assertThat(catalog.book(isbn)).isEqualTo("title of " + isbn);
    assertThat(catalog.book(isbn)).isEqualTo("title of " + isbn);
    assertThat(catalog.bookCalls() - before).isEqualTo(1);
    String stored = ((MemcacheCache) cacheManager.getCache("books")).storedKey(isbn);
    assertThat(stored.length()).isLessThanOrEqualTo(250);
    assertThat(plain.get("app:" + stored)).isEqualTo("title of " + isbn);
  }

  @Test
  void aCompletableFutureMethodIsCachedThroughRetrieve() throws Exception {
    int before = catalog.asyncCalls();
    assertThat(catalog.price("sku-1").get(5, TimeUnit.SECONDS)).isEqualTo("price of sku-1");
    assertThat(catalog.price("sku-1").get(5, TimeUnit.SECONDS)).isEqualTo("price of sku-1");
    assertThat(catalog.asyncCalls() - before).isEqualTo(1);
    assertThat(plain.get(storedKey("prices", "sku-1"))).isEqualTo("price of sku-1");
  }

  @Test
  void cacheTrafficShowsInTheApplicationsMeters() {
    catalog.book("isbn-metrics");
    catalog.book("isbn-metrics");
    assertThat(meters.get("memcache.requests").tag("operation", "get").timers())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.count()).isPositive());
    assertThat(meters.get("memcache.hits").counter().count()).isPositive();
  }

  @Test
  void actuatorHealthIsDownWhileMemcachedIsKilledAndUpAfterItsRestart() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
    HttpResponse<String> up = http.send(health, HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).isEqualTo(200);
    JsonNode memcache = JSON.readTree(up.body()).path("components").path("memcache");
    assertThat(memcache.path("status").asString()).isEqualTo("UP");
    assertThat(memcache.path("details").path(memcached.address()).path("version").asString())
        .isNotEmpty();

    memcached.kill();
    try {
      HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
      assertThat(down.statusCode()).isEqualTo(503);
      JsonNode dead = JSON.readTree(down.body()).path("components").path("memcache");
      assertThat(dead.path("status").asString()).isEqualTo("DOWN");
      assertThat(dead.path("details").path(memcached.address()).path("error").asString())
          .contains("MemcacheConnectionException")
          .contains(memcached.address());
    } finally {
      memcached.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    HttpResponse<String> again;
    do {
      again = http.send(health, HttpResponse.BodyHandlers.ofString());
      if (again.statusCode() == 200) break;
      Thread.sleep(50); // a refused connect is retried after 50 ms (the client's connect guard)
    } while (System.nanoTime() < deadline);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(
            JSON.readTree(again.body())
                .path("components")
                .path("memcache")
                .path("status")
                .asString())
        .isEqualTo("UP");
  }
}
