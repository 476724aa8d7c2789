package dev.memcache.core.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.protocol.MultiGet;
import dev.memcache.core.internal.protocol.text.TextCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The write batch order that lets text gets share lines past writes of other keys. */
class LineGatheringTest {
  static Request<Void> one(Command c, String key) {
    return new Request<>(c, key, Long.MAX_VALUE, r -> null);
  }

  static Request<Void> multi(String... keys) {
    return new MultiGet<>(Command.MULTI_GET, keys.clone(), keys.clone(), Long.MAX_VALUE, r -> null);
  }

  static Request<Void> unkeyed(Command c) {
    return new Request<>(c, null, Long.MAX_VALUE, r -> null);
  }

  /** Links the batch oldest first, gathers it, and returns the new order. */
  static List<Request<?>> gather(List<Request<?>> batch) {
    for (int i = 0; i + 1 < batch.size(); i++) batch.get(i).queued = batch.get(i + 1);
    List<Request<?>> order = new ArrayList<>();
    for (Request<?> r = LineGathering.gather(batch.get(0), new TextCodec()); r != null; ) {
      order.add(r);
      Request<?> following = r.queued;
      r.queued = null;
      r = following;
    }
    return order;
  }

  static String describe(List<Request<?>> rs) {
    StringBuilder s = new StringBuilder();
    for (Request<?> r : rs) {
      if (!s.isEmpty()) s.append(", ");
      s.append(r.command.name().toLowerCase());
      if (r.key != null) s.append(' ').append(r.key);
      if (r.keys() != null) for (String k : r.keys()) s.append(' ').append(k);
    }
    return s.toString();
  }

  /**
   * Gathers a batch written as {@code "get a, set b, multi_get c d, flush_all"} and compares the
   * order it comes out in.
   */
  static void assertGathered(String batch, String expected) {
    List<Request<?>> requests = new ArrayList<>();
    for (String item : batch.split(", ")) {
      String[] words = item.split(" ");
      Command c = Command.valueOf(words[0].toUpperCase());
      if (words.length == 1) requests.add(unkeyed(c));
      else if (c == Command.MULTI_GET)
        requests.add(multi(Arrays.copyOfRange(words, 1, words.length)));
      else requests.add(one(c, words[1]));
    }
    assertEquals(expected, describe(gather(requests)), "gathering " + batch);
  }

  @Test
  void getsMoveUpPastWritesOfOtherKeys() {
    assertGathered(
        "get a, set b, get c, delete d, multi_get e f",
        "get a, get c, multi_get e f, set b, delete d");
  }

  @Test
  void aGetNeverPassesARequestForItsKey() {
    // The set of c may be the same caller's noreply write: its get must see it.
    assertGathered("get a, set c, get c, get e", "get a, set c, get c, get e");
    assertGathered("get a, set x, multi_get b x, get y", "get a, set x, multi_get b x, get y");
  }

  @Test
  void requestsWithoutKeysAreNeverPassed() {
    assertGathered(
        "get a, set b, flush_all, get c, get d", "get a, set b, flush_all, get c, get d");
  }

  @Test
  void getsAndGetsWithCasKeepLinesOfTheirOwn() {
    assertGathered("get a, gets b, get c, gets d", "get a, get c, gets b, gets d");
  }

  @Test
  void aLineIsMovedPastABoundedNumberOfRequests() {
    List<Request<?>> batch = new ArrayList<>();
    batch.add(one(Command.GET, "g0"));
    for (int i = 0; i <= LineGathering.MAX_PASSED; i++) batch.add(one(Command.SET, "s" + i));
    batch.add(one(Command.GET, "g1"));
    List<Request<?>> order = gather(new ArrayList<>(batch));
    // The write past the bound closed the line: the get after it starts a new one.
    assertEquals(batch, order);
  }

  @Test
  void everyKeyKeepsItsOrderInRandomBatches() {
    Random random = new Random(7);
    String[] keys = {"a", "b", "c", "d", "e"};
    Command[] keyed = {
      Command.GET, Command.GET, Command.GET, Command.GETS, Command.SET, Command.DELETE
    };
    for (int round = 0; round < 2_000; round++) {
      List<Request<?>> batch = new ArrayList<>();
      int size = 1 + random.nextInt(40);
      for (int i = 0; i < size; i++) {
        int pick = random.nextInt(20);
        if (pick == 0) batch.add(unkeyed(Command.FLUSH_ALL));
        else if (pick < 4) batch.add(multi(keys[random.nextInt(5)], keys[random.nextInt(5)]));
        else batch.add(one(keyed[random.nextInt(keyed.length)], keys[random.nextInt(5)]));
      }
      List<Request<?>> order = gather(new ArrayList<>(batch));
      assertEquals(batch.size(), order.size(), "lost or repeated requests");
      assertTrue(order.containsAll(batch), "lost requests");
      for (int i = 0; i < batch.size(); i++) {
        for (int j = i + 1; j < batch.size(); j++) {
          Request<?> a = batch.get(i), b = batch.get(j);
          if (conflict(a, b)) {
            assertTrue(
                order.indexOf(a) < order.indexOf(b),
                "order of " + describe(List.of(a, b)) + " lost in " + describe(order));
          }
        }
      }
    }
  }

  static boolean conflict(Request<?> a, Request<?> b) {
    List<String> ka = keysOf(a), kb = keysOf(b);
    return ka.isEmpty() || kb.isEmpty() || ka.stream().anyMatch(kb::contains);
  }

  static List<String> keysOf(Request<?> r) {
    if (r.key != null) return List.of(r.key);
    if (r.keys() == null) return List.of();
    return List.of(r.keys());
  }
}
