package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.internal.Cluster;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Operations;
import dev.memcache.testkit.MemcachedExtension;
import dev.memcache.testkit.Workers;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A big value's bytes are copied once, by the kernel, from the socket into the value's own array
 * ({@link NativeSocket}); the array is what the caller gets. A set's bytes are copied once into the
 * write buffer and from there by the kernel into the socket. Only what arrived with the value's
 * header in the read buffer (at most 4 KB after a big value, up to the 64 KB read while replies
 * stream) is copied a second time, from the buffer into the array. Before, the channel read a
 * value's rest into a temporary direct buffer and the JDK copied it into the array: every byte
 * twice.
 */
class BigValueCopiesIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final int SIZE = 100 * 1024, GETS = 500, CALLERS = 16;

  @Test
  void theKernelCopiesABigValueIntoItsArray() throws Exception {
    try (Cluster cluster = cluster()) {
      Operations ops = new Operations(cluster);
      byte[] value = new byte[SIZE];
      new Random(21).nextBytes(value);
      ops.store(Command.SET, "copies", value, Duration.ZERO, false).await();
      assertArrayEquals(value, (byte[]) ops.get("copies").await());
      Connection c = cluster.nodes()[0].connection();
      attached(c);

      long before = c.bytesReadIntoArrays();
      for (int i = 0; i < GETS; i++) assertArrayEquals(value, (byte[]) ops.get("copies").await());
      long lone = c.bytesReadIntoArrays() - before;

      before = c.bytesReadIntoArrays();
      Workers callers = new Workers();
      for (int k = 0; k < CALLERS; k++) {
        callers.start(
            () -> {
              for (int i = 0; i < GETS / CALLERS; i++) {
                assertArrayEquals(value, (byte[]) ops.get("copies").await());
              }
            });
      }
      callers.joinAll(Duration.ofSeconds(60));
      long many = c.bytesReadIntoArrays() - before;
      int manyGets = GETS / CALLERS * CALLERS;

      System.out.printf(
          Locale.ROOT,
          "bytes the kernel copied into arrays per %d-byte value: %.0f (a lone caller), %.0f (%d"
              + " callers)%n",
          SIZE,
          (double) lone / GETS,
          (double) many / manyGets,
          CALLERS);
      // A lone caller's value: all but the header read's 4 KB. With replies streaming a header
      // read may take 64 KB of the next value; what follows a value (its end line, the next
      // header) comes in the same read, so a value's count may exceed its size a little.
      assertTrue(lone >= (long) GETS * (SIZE - 4096), "a lone caller: " + lone + " bytes");
      assertTrue(many >= (long) manyGets * (SIZE - 64 * 1024), CALLERS + " callers: " + many);
      assertTrue(lone <= (long) GETS * (SIZE + 4096) && many <= (long) manyGets * (SIZE + 4096));
    }
  }

  /**
   * Once the linking has ended, {@code c} reads and writes through the native calls: a connection
   * opened while it was under way (the JVM's first) attached when it ended.
   */
  private static void attached(Connection c) throws InterruptedException {
    assertTrue(NativeSocket.available(), "native access, as this build's tests run");
    assertTrue(c.bytesReadIntoArrays() >= 0 && c.bytesWrittenFromArrays() >= 0, "attached");
  }

  private static Cluster cluster() {
    return new Cluster(
        ClientConfig.builder()
            .servers(memcached.address())
            .operationTimeout(Duration.ofSeconds(10))
            .buildConfig());
  }

  @Test
  void theKernelCopiesABigSetFromTheWriteBuffer() throws Exception {
    try (Cluster cluster = cluster()) {
      Operations ops = new Operations(cluster);
      ops.get("warm").await();
      Connection c = cluster.nodes()[0].connection();
      attached(c);
      long before = c.bytesWrittenFromArrays();
      Workers callers = new Workers();
      for (int k = 0; k < CALLERS; k++) {
        int caller = k;
        callers.start(
            () -> {
              byte[] value = new byte[SIZE];
              for (int i = 0; i < GETS / CALLERS; i++) {
                new Random(caller * 1000L + i).nextBytes(value);
                String key = "set:" + caller;
                ops.store(Command.SET, key, value.clone(), Duration.ZERO, false).await();
                assertArrayEquals(value, (byte[]) ops.get(key).await());
              }
            });
      }
      callers.joinAll(Duration.ofSeconds(60));
      long sent = c.bytesWrittenFromArrays() - before;
      int sets = GETS / CALLERS * CALLERS;
      System.out.printf(
          Locale.ROOT,
          "bytes the kernel copied from the write buffer per %d-byte set and its get: %.0f%n",
          SIZE,
          (double) sent / sets);
      // Every byte written went from the writer's array: the values and their headers, the gets.
      assertTrue(sent >= (long) sets * SIZE, "sent " + sent);
      assertTrue(sent <= (long) sets * (SIZE + 200), "sent " + sent);
    }
  }
}
