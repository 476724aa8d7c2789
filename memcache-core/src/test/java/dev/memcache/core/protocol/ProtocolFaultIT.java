package dev.memcache.core.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.MemcacheConnectionException;
import dev.memcache.core.MemcacheException;
import dev.memcache.core.MemcacheProtocolException;
import dev.memcache.core.Protocol;
import dev.memcache.core.internal.Cluster;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Operations;
import dev.memcache.testkit.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Damaged replies through a relay in front of a real memcached: the affected requests fail, the
 * connection is re-opened, and no caller ever receives a value that is not its own.
 */
class ProtocolFaultIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static Operations connect(FaultyProxy proxy, Protocol p) {
    // Faults every few ms would otherwise mark the relay down and fail every caller fast: what
    // is tested here is that no caller gets another's value, not when a server counts as down.
    ClientConfig config =
        ClientConfig.builder()
            .servers(proxy.address())
            .protocol(p)
            .retryDelay(Duration.ofMillis(5))
            .failureLimit(1_000_000)
            .buildConfig(); // faults here test correctness, not marking down
    return new Operations(new Cluster(config));
  }

  /** The first status byte a protocol sends, made into something no protocol defines. */
  private static final UnaryOperator<byte[]> UNKNOWN_STATUS =
      b -> {
        byte[] c = b.clone();
        if (c[0] == (byte) 0x81) c[7] = 0x77; // binary status 0x0077
        else c[1] = '?'; // "V?" / "V?LUE": no meta or text reply starts so
        return c;
      };

  private static final UnaryOperator<byte[]> GARBAGE =
      b -> "garbage\r\nmore garbage\r\n".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void garbageAndUnknownStatusesFailTheRequestWithAProtocolErrorAndTheConnectionIsReopened(
      Protocol p) throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(memcached.server().port())) {
      Operations ops = connect(proxy, p);
      assertTrue(ops.store(Command.SET, "k", "value", Duration.ZERO, false).await());
      for (UnaryOperator<byte[]> fault : List.of(GARBAGE, UNKNOWN_STATUS)) {
        proxy.rewriteNextReply(fault);
        assertThrows(MemcacheProtocolException.class, () -> ops.get("k").await());
        assertEquals("value", ops.get("k").await(), "a new connection, in step");
      }
      assertEquals(3, proxy.connections.get());
      ops.cluster().close();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aReplyCutInTheMiddleOfAValueFailsTheRequestAndTheNextOneGetsTheWholeValue(Protocol p)
      throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(memcached.server().port())) {
      Operations ops = connect(proxy, p);
      String big = "x".repeat(300_000) + "end";
      assertTrue(ops.store(Command.SET, "big", big, Duration.ZERO, false).await());
      proxy.cutAfter(150_000);
      assertThrows(MemcacheConnectionException.class, () -> ops.get("big").await());
      assertEquals(big, ops.get("big").await());
      ops.cluster().close();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void underRepeatedFaultsEveryCallerGetsItsOwnValueOrAnError(Protocol p) throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(memcached.server().port())) {
      Operations ops = connect(proxy, p);
      for (int i = 0; i < 100; i++)
        ops.store(Command.SET, p + "-own-" + i, "value-" + i, Duration.ZERO, false).await();
      AtomicInteger wrong = new AtomicInteger(),
          right = new AtomicInteger(),
          failed = new AtomicInteger();
      List<Future<?>> callers = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 100; i++) {
          int id = i;
          callers.add(
              threads.submit(
                  () -> {
                    for (int round = 0; round < 200; round++) {
                      try {
                        Object got =
                            round % 2 == 0
                                ? ops.get(p + "-own-" + id).await()
                                : ops.getMulti(List.of(p + "-own-" + id, "absent"))
                                    .await()
                                    .get(p + "-own-" + id);
                        if (("value-" + id).equals(got)) right.incrementAndGet();
                        else wrong.incrementAndGet();
                      } catch (MemcacheException e) {
                        failed.incrementAndGet();
                      }
                    }
                  }));
        }
        for (int fault = 0; fault < 30; fault++) {
          Thread.sleep(5);
          if (fault % 3 == 2) proxy.cutAfter(7);
          else proxy.rewriteNextReply(fault % 3 == 0 ? GARBAGE : UNKNOWN_STATUS);
        }
      }
      for (Future<?> f : callers) f.get();
      assertEquals(
          0,
          wrong.get(),
          "no caller received a wrong value (" + failed + " failed, " + right + " right)");
      assertTrue(right.get() > 10_000, right + " right, " + failed + " failed");
      ops.cluster().close();
    }
  }
}
