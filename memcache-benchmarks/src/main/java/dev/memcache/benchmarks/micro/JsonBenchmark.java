package dev.memcache.benchmarks.micro;

import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What JSON costs per call from Java: a small record stored and read through {@link
 * MemcacheClient#json()} (Jackson 3) against a {@code byte[]} of the same length (the same JSON's
 * UTF-8 bytes) through the plain client, each a whole round trip to a real memcached; and the
 * mapper alone (no server) for the part JSON adds. Run with {@code -prof gc} for bytes allocated
 * per call:
 *
 * <pre>{@code
 * java -jar memcache-benchmarks/target/benchmarks.jar JsonBenchmark -f 1 -wi 2 -i 3 -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JsonBenchmark {
  /**
   * A small record, about 100 bytes of JSON.
   *
   * @param id the product id
   * @param name its name
   * @param price its price
   * @param tags its tags
   */
  public record Product(long id, String name, double price, List<String> tags) {}

  private static final Product PRODUCT =
      new Product(12345, "Desk lamp, brass", 49.9, List.of("home", "lighting", "sale"));

  private MemcachedServer server;
  private MemcacheClient client;
  private JsonCommands json;
  private byte[] sameSizeBytes;
  private String jsonText;

  @Setup
  public void start() {
    server = MemcachedServer.builder().threads(1).start();
    client = MemcacheClient.builder().servers(server.address()).build();
    json = client.json();
    jsonText = json.mapper().writeValueAsString(PRODUCT);
    sameSizeBytes = jsonText.getBytes(StandardCharsets.UTF_8);
    json.setJson("product:json", PRODUCT, Duration.ZERO);
    client.set("product:bytes", sameSizeBytes, Duration.ZERO);
  }

  @TearDown
  public void stop() {
    client.close();
    server.close();
  }

  /** A round trip reading the record as JSON. */
  @Benchmark
  public Product getJson() {
    return json.getJson("product:json", Product.class);
  }

  /** A round trip reading bytes of the same length. */
  @Benchmark
  public Object getBytes() {
    return client.get("product:bytes");
  }

  /** A round trip storing the record as JSON. */
  @Benchmark
  public boolean setJson() {
    return json.setJson("product:json", PRODUCT, Duration.ZERO);
  }

  /** A round trip storing bytes of the same length. */
  @Benchmark
  public boolean setBytes() {
    return client.set("product:bytes", sameSizeBytes, Duration.ZERO);
  }

  /** The mapper alone: the record to JSON text, as {@code setJson} does before sending. */
  @Benchmark
  public String encodeOnly() {
    return json.mapper().writeValueAsString(PRODUCT);
  }

  /** The mapper alone: JSON text to the record, as {@code getJson} does after the reply. */
  @Benchmark
  public Product decodeOnly() {
    return json.mapper().readValue(jsonText, Product.class);
  }
}
