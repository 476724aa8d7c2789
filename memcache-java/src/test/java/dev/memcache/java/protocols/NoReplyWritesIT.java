package dev.memcache.java.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Noreply writes return once queued; bursts go out in batches. None is lost or overtaken: the
 * caller's next read goes after them, a burst's tail goes out without more traffic, and closing the
 * client writes what is still queued.
 */
class NoReplyWritesIT extends EveryProtocol {
  private static final int BURST = 1000;

  private static MemcacheClient ownClient(Protocol p) {
    return MemcacheClient.builder().servers(memcached.address()).protocol(p).build();
  }

  /** A burst of noreply sets as fast as one caller can queue them; returns the keys. */
  private static List<String> burst(MemcacheClient c, Protocol p, String name) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      String k = key(p, name + i);
      c.noReply().set(k, "v" + i, Duration.ZERO);
      keys.add(k);
    }
    return keys;
  }

  private static void assertAllStored(MemcacheClient reader, List<String> keys) {
    for (int from = 0; from < keys.size(); from += 100) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 100));
      Map<String, Object> found = reader.getMulti(chunk);
      for (String k : chunk) {
        assertEquals("v" + keys.indexOf(k), found.get(k), k);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theCallersNextReadSeesEveryWriteOfItsBurst(Protocol p) {
    MemcacheClient c = client(p);
    List<String> keys = burst(c, p, "next-read");
    assertEquals("v" + (BURST - 1), c.get(keys.getLast()));
    assertAllStored(c, keys);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aBurstsTailReachesTheServerWithoutAnotherRequestOnItsConnection(Protocol p)
      throws InterruptedException {
    try (MemcacheClient writer = ownClient(p)) {
      List<String> keys = burst(writer, p, "tail");
      MemcacheClient reader = client(p); // another connection: it does not push the writer's queue
      Object last = null;
      for (int attempt = 0; attempt < 200 && last == null; attempt++) {
        last = reader.get(keys.getLast());
        if (last == null) Thread.sleep(10);
      }
      assertEquals("v" + (BURST - 1), last, "the sweeper writes a burst's tail within a tick");
      assertAllStored(reader, keys);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void closingTheClientWritesTheNoreplyWritesStillQueued(Protocol p) {
    List<String> keys;
    try (MemcacheClient writer = ownClient(p)) {
      keys = burst(writer, p, "close");
    }
    assertAllStored(client(p), keys);
  }

  /**
   * A new client's one noreply write, then close() at once: the connection is usually still opening
   * when close() runs, and close() must wait for the connect and write the queued request instead
   * of failing it. Every one of 50 writes must be readable by another client.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void closingWhileTheFirstConnectIsUnderWayWritesTheQueuedNoreplyWrite(Protocol p) {
    List<String> lost = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String k = key(p, "close-while-opening");
      try (MemcacheClient writer = ownClient(p)) {
        writer.noReply().set(k, "v" + i, Duration.ofMinutes(1));
      }
      if (!("v" + i).equals(client(p).get(k))) lost.add(k);
    }
    assertEquals(List.of(), lost, lost.size() + " of 50 writes lost");
  }

  /**
   * Many callers, each writing its own key without reply and reading it back at once, while the
   * others do the same: the read must see the write even where gets share lines and move up past
   * other writes in a batch.
   */
  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyCallerReadsItsOwnNoreplyWriteAmongOthers(Protocol p) throws Exception {
    MemcacheClient c = client(p);
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 64; t++) {
        String k = key(p, "own-" + t);
        threads.execute(
            () -> {
              for (int i = 0; i < 300; i++) {
                c.noReply().set(k, "v" + i, Duration.ZERO);
                Object read = c.get(k);
                if (!("v" + i).equals(read)) wrong.add(k + " wrote v" + i + ", read " + read);
              }
            });
      }
    }
    assertEquals(List.of(), wrong);
  }
}
