package dev.memcache.spring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The namespace generation a cache keeps, against a real memcached. */
class GenerationIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  /** The raw codec, whose decoding (on the reading thread) can be held to order two threads. */
  static final class HeldDecoding implements ValueCodec {
    volatile CountDownLatch decoding = null;
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public CachedValue encode(Object value) {
      return RawCodec.INSTANCE.encode(value);
    }

    @Override
    public Object decode(String key, int flags, byte[] bytes) {
      CountDownLatch reached = decoding;
      if (reached != null) {
        decoding = null;
        reached.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return RawCodec.INSTANCE.decode(key, flags, bytes);
    }
  }

  @Test
  void aReadThatStartedBeforeAClearDoesNotBringTheClearedGenerationBack() throws Exception {
    try (MemcacheClient client = MemcacheClient.builder().servers(memcached.address()).build()) {
      HeldDecoding codec = new HeldDecoding();
      Generation generation =
          new Generation(client.withValueCodec(codec), "race:gen", Duration.ofMillis(500));
      long first = generation.current();
      Thread.sleep(600); // the kept copy is now too old: the next current() reads the server

      CountDownLatch readerHasTheOldValue = new CountDownLatch(1);
      codec.decoding = readerHasTheOldValue;
      CompletableFuture<Long> reader =
          CompletableFuture.supplyAsync(generation::current, Thread.ofVirtual()::start);
      assertTrue(readerHasTheOldValue.await(10, TimeUnit.SECONDS));
      long cleared = generation.advance(); // a clear, while the reader holds the old value
      codec.release.countDown();
      assertEquals(first + 1, cleared);
      assertEquals(cleared, reader.get(10, TimeUnit.SECONDS), "the reader kept the cleared one");
      assertEquals(cleared, generation.current(), "the kept copy went back to the cleared one");
    }
  }

  @Test
  void aMissingCounterIsCreatedAtTheTimeInMicrosecondsAndAClearIncrementsIt() {
    try (MemcacheClient client = MemcacheClient.builder().servers(memcached.address()).build()) {
      Generation generation =
          new Generation(client.withValueCodec(RawCodec.INSTANCE), "fresh:gen", Duration.ZERO);
      long before = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      long created = generation.current();
      long after = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      assertTrue(created >= before && created <= after, "" + created);
      assertEquals(created, client.get("fresh:gen"));
      assertEquals(created + 1, generation.advance());
      assertEquals(created + 1, generation.current());
      client.delete("fresh:gen");
      long recreated = generation.advance();
      assertTrue(recreated > created + 1, recreated + " <= " + (created + 1));
    }
  }
}
