package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.CasValue;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The session examples of the pylibmc and pyermc documentation, replayed through the Java API. */
class PythonDocExamplesIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  MemcacheClient mc;

  @BeforeEach
  void connect() {
    mc = MemcacheClient.builder().servers(memcached.address()).build();
    mc.flushAll();
  }

  @AfterEach
  void close() {
    mc.close();
  }

  @Test
  void pylibmcBasicSession() {
    // >>> mc.set("some_key", "Some value")  True
    assertTrue(mc.set("some_key", "Some value"));
    // >>> value = mc.get("some_key"); value  'Some value'
    assertEquals("Some value", mc.get("some_key"));
    // >>> mc.set("another_key", 3)  True
    assertTrue(mc.set("another_key", 3));
    // >>> mc.delete("another_key")  True
    assertTrue(mc.delete("another_key"));
    // >>> mc.set("key", "1")  # str or int is fine  True
    assertTrue(mc.set("key", "1"));
    // >>> mc.incr("key")  2 ; >>> mc.decr("key")  1
    assertEquals(2L, mc.incr("key", 1));
    assertEquals(1L, mc.decr("key", 1));
    // >>> mc.get_multi(["key", "another_key"])  {'key': '1'}
    assertEquals(Map.of("key", "1"), mc.getMulti(List.of("key", "another_key")));
  }

  @Test
  void pylibmcCheckAndSet() {
    // >>> mc.set("key", "1"); val, cas = mc.gets("key"); mc.cas("key", "2", cas)  True
    mc.set("key", "1");
    CasValue<Object> v = mc.gets("key");
    assertEquals("1", v.value());
    assertTrue(mc.cas("key", "2", v.cas(), Duration.ZERO));
    // a second cas with the old id fails: someone (we) changed it
    assertFalse(mc.cas("key", "3", v.cas(), Duration.ZERO));
    assertEquals("2", mc.get("key"));
  }

  @Test
  void pyermcSession() {
    // client.set('foo', 'bar'); client.get('foo') == 'bar'
    assertTrue(mc.set("foo", "bar"));
    assertEquals("bar", mc.get("foo"));
    // client.add('foo', 'baz') is False; client.add('new', 'baz') is True
    assertFalse(mc.add("foo", "baz", Duration.ZERO));
    assertTrue(mc.add("new", "baz", Duration.ZERO));
    // client.replace('foo', 'qux') is True; client.replace('nope', 'x') is False
    assertTrue(mc.replace("foo", "qux", Duration.ZERO));
    assertFalse(mc.replace("nope", "x", Duration.ZERO));
    // client.append('foo', '!'); client.prepend('foo', '>'); client.get('foo') == '>qux!'
    assertTrue(mc.append("foo", "!"));
    assertTrue(mc.prepend("foo", ">"));
    assertEquals(">qux!", mc.get("foo"));
    // client.set('n', 10); client.incr('n', 5) == 15; client.decr('n', 20) == 0
    mc.set("n", 10);
    assertEquals(15L, mc.incr("n", 5));
    assertEquals(0L, mc.decr("n", 20));
    // client.delete('foo'); client.get('foo') is None
    assertTrue(mc.delete("foo"));
    assertNull(mc.get("foo"));
  }
}
