package dev.memcache.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ValueTypeException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed-read rules at their boundaries, without a server (the clients' tests use one). */
class ValueTypesTest {
  @Test
  void integersConvertAtTheEdgesOfEachRangeAndNotOneBeyond() {
    assertEquals(Integer.MAX_VALUE, ValueTypes.as("k", (long) Integer.MAX_VALUE, Integer.class));
    assertEquals(Integer.MIN_VALUE, ValueTypes.as("k", (long) Integer.MIN_VALUE, Integer.class));
    assertThrows(
        ValueTypeException.class,
        () -> ValueTypes.as("k", (long) Integer.MAX_VALUE + 1, Integer.class));
    assertThrows(
        ValueTypeException.class,
        () -> ValueTypes.as("k", (long) Integer.MIN_VALUE - 1, Integer.class));
    assertEquals((short) -32768, ValueTypes.as("k", -32768L, Short.class));
    assertThrows(ValueTypeException.class, () -> ValueTypes.as("k", 32768L, Short.class));
    assertEquals((byte) 127, ValueTypes.as("k", 127L, Byte.class));
    assertThrows(ValueTypeException.class, () -> ValueTypes.as("k", 128L, byte.class));

    BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
    BigInteger longMin = BigInteger.valueOf(Long.MIN_VALUE);
    assertEquals(Long.MAX_VALUE, ValueTypes.as("k", longMax, Long.class));
    assertEquals(Long.MIN_VALUE, ValueTypes.as("k", longMin, long.class));
    assertThrows(
        ValueTypeException.class,
        () -> ValueTypes.as("k", longMax.add(BigInteger.ONE), Long.class));
    assertThrows(
        ValueTypeException.class,
        () -> ValueTypes.as("k", longMin.subtract(BigInteger.ONE), Long.class));
    assertThrows(ValueTypeException.class, () -> ValueTypes.as("k", longMax, Integer.class));
    assertEquals(BigInteger.valueOf(-3), ValueTypes.as("k", -3L, BigInteger.class));
    // a codec that decodes to Integer (not the default one) converts the same way
    assertEquals(7L, ValueTypes.as("k", 7, Long.class));
    assertEquals((short) 7, ValueTypes.as("k", 7, Short.class));
  }

  @Test
  void instancesPassAsTheyAreAndNothingElseConverts() {
    String s = "text";
    assertSame(s, ValueTypes.as("k", s, Object.class));
    assertSame(s, ValueTypes.as("k", s, CharSequence.class));
    List<Object> list = List.of(1L);
    assertSame(list, ValueTypes.as("k", list, List.class));
    assertNull(ValueTypes.as("k", null, Integer.class));
    assertEquals(true, ValueTypes.as("k", true, boolean.class));
    assertEquals(1.5, ValueTypes.as("k", 1.5, double.class));
    for (Object[] wrong :
        new Object[][] {
          {true, Integer.class},
          {1L, Double.class},
          {1.0, Long.class},
          {new byte[0], String.class},
          {"1", Integer.class},
          {1L, String.class},
          {1L, Boolean.class}
        }) {
      ValueTypeException e =
          assertThrows(
              ValueTypeException.class,
              () -> ValueTypes.as("key\r\n", wrong[0], (Class<?>) wrong[1]));
      assertEquals("key\r\n", e.key());
      assertEquals(wrong[0].getClass(), e.storedType());
      assertEquals(wrong[1], e.requestedType());
      assertTrue(e.getMessage().contains("'key\\x0d\\x0a'"), e.getMessage());
    }
  }

  @Test
  void mapsFollowTheSameRules() {
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("b", 2L);
    found.put("none", null);
    found.put("a", 1L);
    Map<String, Integer> typed = ValueTypes.all(found, Integer.class);
    assertEquals(List.of("b", "none", "a"), List.copyOf(typed.keySet()));
    assertEquals(2, typed.get("b"));
    assertTrue(typed.containsKey("none"));
    assertNull(typed.get("none"));
    found.put("text", "x");
    assertEquals(
        "text",
        assertThrows(ValueTypeException.class, () -> ValueTypes.all(found, Integer.class)).key());
  }
}
