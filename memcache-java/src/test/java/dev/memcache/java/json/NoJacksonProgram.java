package dev.memcache.java.json;

import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link JacksonIsOptionalIT} in a child JVM whose classpath has no Jackson: every non-JSON
 * call works, and only {@code json()} needs Jackson. Prints one line per check.
 */
public final class NoJacksonProgram {
  private NoJacksonProgram() {}

  /**
   * Entry point.
   *
   * @param args the memcached address
   */
  public static void main(String[] args) throws Exception {
    try {
      Class.forName("tools.jackson.databind.ObjectMapper");
      System.out.println("jackson visible");
    } catch (ClassNotFoundException e) {
      System.out.println("jackson absent");
    }
    System.out.println("reflection " + MemcacheClient.class.getMethods().length);
    try (MemcacheClient client = MemcacheClient.builder().servers(args[0]).build()) {
      client.set("nj:a", "text", Duration.ofMinutes(1));
      client.set("nj:b", 42L);
      System.out.println("get " + client.get("nj:a") + " " + client.get("nj:b", Long.class));
      System.out.println("getMulti " + client.getMulti(List.of("nj:a", "nj:b")).size());
      System.out.println("incr " + client.incr("nj:b", 1));
      System.out.println("async " + client.async().get("nj:a").join());
      client.noReply().delete("nj:a");
      System.out.println("after delete " + client.async().get("nj:a").join());
      try {
        client.json();
        System.out.println("json available");
      } catch (NoClassDefFoundError e) {
        System.out.println("json needs jackson");
      }
    }
  }
}
