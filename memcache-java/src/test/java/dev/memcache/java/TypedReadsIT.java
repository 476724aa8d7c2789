package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.memcache.core.CacheEntry;
import dev.memcache.core.Protocol;
import dev.memcache.core.ValueTypeException;
import dev.memcache.core.codec.Python;
import dev.memcache.testkit.MemcachedExtension;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Typed reads ({@code get(key, type)}, {@code getEntry}, {@code getMulti(keys, type)}) and the rule
 * for a stored null against a miss, in the blocking and future clients, over every protocol against
 * a real memcached; a stored {@code None} written by the real Python clients.
 */
class TypedReadsIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  private static final Map<Protocol, MemcacheClient> CLIENTS = new EnumMap<>(Protocol.class);
  private static final AtomicInteger KEYS = new AtomicInteger();

  static synchronized MemcacheClient client(Protocol protocol) {
    return CLIENTS.computeIfAbsent(
        protocol, p -> MemcacheClient.builder().servers(memcached.address()).protocol(p).build());
  }

  static String key(Protocol protocol, String name) {
    return protocol + ":" + name + ":" + KEYS.incrementAndGet();
  }

  @AfterAll
  static synchronized void closeClients() {
    CLIENTS.values().forEach(MemcacheClient::close);
    CLIENTS.clear();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anIntegerStoredComesBackAsEveryIntegerTypeItFits(Protocol protocol) {
    MemcacheClient c = client(protocol);
    String k = key(protocol, "int");
    c.set(k, 42); // an Integer, stored as a Python int (flags 2), read back as a Long
    assertEquals(42L, c.get(k));
    assertEquals(Integer.valueOf(42), c.get(k, Integer.class));
    assertEquals(Integer.valueOf(42), c.get(k, int.class));
    assertEquals(Short.valueOf((short) 42), c.get(k, Short.class));
    assertEquals(Byte.valueOf((byte) 42), c.get(k, Byte.class));
    assertEquals(Long.valueOf(42), c.get(k, Long.class));
    assertEquals(BigInteger.valueOf(42), c.get(k, BigInteger.class));
    assertEquals(Integer.valueOf(42), c.async().get(k, Integer.class).join());

    String negative = key(protocol, "negative");
    c.set(negative, (short) -128);
    assertEquals(Byte.valueOf((byte) -128), c.get(negative, Byte.class));

    String big = key(protocol, "big");
    c.set(big, BigInteger.valueOf(Long.MAX_VALUE)); // read back as a Long
    assertEquals(Long.MAX_VALUE, c.get(big, Long.class));
    assertEquals(BigInteger.valueOf(Long.MAX_VALUE), c.get(big, BigInteger.class));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anIntegerThatDoesNotFitThrowsNamingKeyAndTypes(Protocol protocol) {
    MemcacheClient c = client(protocol);
    String k = key(protocol, "large");
    c.set(k, 3_000_000_000L);
    ValueTypeException e = assertThrows(ValueTypeException.class, () -> c.get(k, Integer.class));
    assertEquals(k, e.key());
    assertEquals(Long.class, e.storedType());
    assertEquals(Integer.class, e.requestedType());
    assertTrue(e.getMessage().contains(k), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    assertFalse(e.getMessage().contains("3000000000"), "no value in the message: " + e);
    assertThrows(ValueTypeException.class, () -> c.get(k, Short.class));

    String huge = key(protocol, "huge");
    BigInteger twoTo70 = BigInteger.TWO.pow(70);
    c.set(huge, twoTo70);
    ValueTypeException h = assertThrows(ValueTypeException.class, () -> c.get(huge, Long.class));
    assertEquals(BigInteger.class, h.storedType());
    assertEquals(Long.class, h.requestedType());
    assertEquals(twoTo70, c.get(huge, BigInteger.class));

    ExecutionException async =
        assertThrows(ExecutionException.class, () -> c.async().get(k, Integer.class).get());
    assertInstanceOf(ValueTypeException.class, async.getCause());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aValueOfAnotherTypeThrowsNamingKeyAndTypes(Protocol protocol) {
    MemcacheClient c = client(protocol);
    String text = key(protocol, "text");
    String bytes = key(protocol, "bytes");
    String bool = key(protocol, "bool");
    String number = key(protocol, "number");
    c.set(text, "hello");
    c.set(bytes, new byte[] {1, 2});
    c.set(bool, true);
    c.set(number, 7);
    ValueTypeException e = assertThrows(ValueTypeException.class, () -> c.get(text, Long.class));
    assertEquals(String.class, e.storedType());
    assertEquals(Long.class, e.requestedType());
    assertTrue(e.getMessage().contains(text) && e.getMessage().contains("java.lang.String"));
    assertThrows(ValueTypeException.class, () -> c.get(bytes, String.class));
    assertThrows(ValueTypeException.class, () -> c.get(bool, Integer.class));
    assertThrows(ValueTypeException.class, () -> c.get(number, Double.class));
    assertThrows(ValueTypeException.class, () -> c.get(number, String.class));
    assertArrayEquals(new byte[] {1, 2}, c.get(bytes, byte[].class));
    assertEquals(Boolean.TRUE, c.get(bool, Boolean.class));
    assertEquals("hello", c.get(text, CharSequence.class));
    assertEquals(7L, c.get(number, Number.class));
    assertEquals("hello", c.get(text, Object.class));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aTypedMultiGetConvertsEveryValueAndLeavesMissesOut(Protocol protocol) {
    MemcacheClient c = client(protocol);
    String a = key(protocol, "a");
    String b = key(protocol, "b");
    String missing = key(protocol, "missing");
    c.set(a, 1);
    c.set(b, 2L);
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put(a, 1);
    expected.put(b, 2);
    assertEquals(expected, c.getMulti(List.of(a, b, missing), Integer.class));
    assertEquals(expected, c.async().getMulti(List.of(a, b, missing), Integer.class).join());
    assertEquals(Map.of(), c.getMulti(List.of(missing), Integer.class));

    String text = key(protocol, "text");
    c.set(text, "not a number");
    ValueTypeException e =
        assertThrows(
            ValueTypeException.class, () -> c.getMulti(List.of(a, text, b), Integer.class));
    assertEquals(text, e.key());
  }

  @Test
  void aTypedMultiGetOverManyKeysAndServersConvertsEachValue() {
    // more keys than one request carries: the fan-out path, not the single-request one
    MemcacheClient c = client(Protocol.TEXT);
    String[] keys = new String[250];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(Protocol.TEXT, "many" + i);
      c.set(keys[i], i);
    }
    Map<String, Short> values = c.getMulti(Arrays.asList(keys), Short.class);
    assertEquals(keys.length, values.size());
    for (int i = 0; i < keys.length; i++)
      assertEquals(Short.valueOf((short) i), values.get(keys[i]));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void getEntryTellsAStoredNullFromAMiss(Protocol protocol) {
    MemcacheClient c = client(protocol);
    String none = key(protocol, "none");
    String missing = key(protocol, "missing");
    assertTrue(c.set(none, null)); // a pickled None, as python-memcached stores it
    assertNull(c.get(none), "get: null for a stored null");
    assertNull(c.get(missing), "get: null for a miss");

    CacheEntry<Object> entry = c.getEntry(none);
    assertNotNull(entry, "a stored null is a hit");
    assertNull(entry.value());
    assertNull(c.getEntry(missing), "a miss is no entry");
    assertNotNull(c.getEntry(none, String.class));
    assertNull(c.getEntry(none, String.class).value());

    assertNotNull(c.async().getEntry(none).join());
    assertNull(c.async().getEntry(none).join().value());
    assertNull(c.async().getEntry(missing).join());

    Map<String, Object> both = c.getMulti(List.of(none, missing));
    assertTrue(both.containsKey(none), "getMulti: a stored null is a key mapped to null");
    assertNull(both.get(none));
    assertFalse(both.containsKey(missing), "getMulti: a miss is absent");
    assertTrue(c.getMulti(List.of(none, missing), Long.class).containsKey(none));

    String n = key(protocol, "n");
    c.set(n, 5);
    assertEquals(new CacheEntry<>(5), c.getEntry(n, Integer.class));
    assertEquals(new CacheEntry<>(5L), c.getEntry(n));
    assertThrows(ValueTypeException.class, () -> c.getEntry(n, String.class));
  }

  @Test
  void aNoneStoredByEachPythonClientIsAnEntryHoldingNull() {
    MemcacheClient c = client(Protocol.TEXT);
    Python.run(
        """
        memcache.Client([sys.argv[1]]).set('none-pm', None)
        pylibmc.Client([sys.argv[1]]).set('none-pl', None)
        pymemcache.client.base.Client(sys.argv[1], serde=pymemcache.serde.pickle_serde).set('none-pc', None)
        """,
        "",
        memcached.address());
    for (String k : List.of("none-pm", "none-pl", "none-pc")) {
      assertNull(c.get(k), k);
      CacheEntry<Object> entry = c.getEntry(k);
      assertNotNull(entry, k + " is stored");
      assertNull(entry.value(), k);
    }
    assertNull(c.getEntry("none-never-set"));
  }

  @Test
  void aTypeOfNullFailsBeforeAnythingIsSent() {
    MemcacheClient c = client(Protocol.TEXT);
    assertThrows(NullPointerException.class, () -> c.get("k", null));
    assertThrows(NullPointerException.class, () -> c.getEntry("k", null));
    assertThrows(NullPointerException.class, () -> c.getMulti(List.of("k"), null));
    assertTrue(c.async().get("k", null).isCompletedExceptionally());
  }

  /**
   * A typed get (and a typed entry) is the untyped get's request with another mapper: no call or
   * function is made per get on top of it (48 bytes a get before, a {@code MappedCall} and the
   * lambda it ran, and a second entry for a typed entry's hit). Misses, so that the caller's thread
   * allocates only the request, whoever reads the reply.
   */
  @Test
  void aTypedGetAllocatesNoMoreThanAnUntypedOne() {
    MemcacheClient c = client(Protocol.TEXT);
    String key = key(Protocol.TEXT, "absent");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    int gets = 2_000;
    long untyped = 0, typed = 0, entry = 0;
    for (int round = 0; round < 2; round++) { // the first warms the paths up
      long start = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < gets; i++) assertNull(c.get(key));
      long afterUntyped = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < gets; i++) assertNull(c.get(key, String.class));
      long afterTyped = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < gets; i++) assertNull(c.getEntry(key, String.class));
      untyped = afterUntyped - start;
      typed = afterTyped - afterUntyped;
      entry = threads.getCurrentThreadAllocatedBytes() - afterTyped;
    }
    String counts = typed + ", " + entry + " and " + untyped + " bytes in " + gets + " gets each";
    assertTrue(typed - untyped < 8L * gets, "a typed get allocated more: " + counts);
    assertTrue(entry - untyped < 8L * gets, "a typed entry allocated more: " + counts);
  }
}
