package dev.memcache.spring.nojackson;

import dev.memcache.java.MemcacheClient;
import dev.memcache.spring.MemcacheCacheManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Run by {@link JacksonIsOptionalIT} in a child JVM without Jackson: a Spring application caches
 * through {@link MemcacheCacheManager}. Prints one line per check.
 */
public final class NoJacksonApplication {
  static String address;

  private NoJacksonApplication() {}

  /** The cached service. */
  public static class Greeter {
    final AtomicInteger calls = new AtomicInteger();

    /**
     * A greeting, cached.
     *
     * @param name who to greet
     * @return the greeting
     */
    @Cacheable("greetings")
    public String greet(String name) {
      calls.incrementAndGet();
      return "hello " + name;
    }

    /**
     * How often {@link #greet} ran.
     *
     * @return the count
     */
    public int calls() {
      return calls.get();
    }
  }

  /** The application. */
  @Configuration
  @EnableCaching
  public static class App {
    /**
     * The client.
     *
     * @return the client
     */
    @Bean
    public MemcacheClient memcacheClient() {
      return MemcacheClient.builder().servers(address).build();
    }

    /**
     * The manager.
     *
     * @param client the client
     * @return the manager
     */
    @Bean
    public CacheManager cacheManager(MemcacheClient client) {
      return MemcacheCacheManager.builder(client).keyPrefix("nj:").build();
    }

    /**
     * The service.
     *
     * @return the service
     */
    @Bean
    public Greeter greeter() {
      return new Greeter();
    }
  }

  /**
   * Entry point.
   *
   * @param args the memcached address
   */
  public static void main(String[] args) {
    try {
      Class.forName("tools.jackson.databind.ObjectMapper");
      System.out.println("jackson visible");
    } catch (ClassNotFoundException e) {
      System.out.println("jackson absent");
    }
    address = args[0];
    try (var context = new AnnotationConfigApplicationContext(App.class)) {
      Greeter greeter = context.getBean(Greeter.class);
      greeter.greet("ada");
      System.out.println(greeter.greet("ada") + " " + greeter.calls());
      var cache = context.getBean(CacheManager.class).getCache("greetings");
      cache.clear();
      System.out.println("after clear " + cache.get("ada"));
      System.out.println(
          "reflection "
              + (MemcacheCacheManager.class.getMethods().length > 0)
              + " "
              + (cache.getClass().getMethods().length > 0));
    }
  }
}
