package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.InvalidKeyException;
import dev.memcache.core.keys.DjangoKeys;
import dev.memcache.core.keys.KeyFunction;
import dev.memcache.testkit.MemcachedExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A key function renames every key the caller names; results keep the caller's names. */
class KeyFunctionIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void everyOperationStoresUnderTheKeyFunctionsKeyAfterTheKeyPrefix() {
    KeyFunction app = key -> "app/" + key;
    try (MemcacheClient client =
            MemcacheClient.builder()
                .servers(memcached.address())
                .keyPrefix("ns.")
                .keys(app)
                .build();
        MemcacheClient plain = MemcacheClient.builder().servers(memcached.address()).build()) {
      assertTrue(client.set("a", "1"));
      assertTrue(client.set("b", 2L));
      assertEquals("1", client.get("a"));
      assertEquals("1", plain.get("ns.app/a"), "stored as prefix + key function's key");
      assertEquals(null, plain.get("a"));
      assertEquals(Map.of("a", "1", "b", 2L), client.getMulti(List.of("a", "b", "c")));
      assertEquals(3L, client.incr("b", 1));
      assertTrue(client.delete("a"));
      assertEquals(null, plain.get("ns.app/a"));
    }
  }

  @Test
  void keysTheKeyFunctionRefusesFailBeforeAnythingIsSent() {
    try (MemcacheClient client =
        MemcacheClient.builder()
            .servers(memcached.address())
            .keys(DjangoKeys.of("shop", 1))
            .build()) {
      var e = assertThrows(InvalidKeyException.class, () -> client.set("two words", "v"));
      assertTrue(e.getMessage().contains("Django cache key 'shop:1:two words'"), e.getMessage());
      assertThrows(
          InvalidKeyException.class, () -> client.getMulti(List.of("ok", "x".repeat(244))));
      assertFalse(client.getMulti(List.of("ok")).containsKey("ok"));
    }
  }

  @Test
  void theKeyFunctionIsASettingThatCopiesAndDefaultsToIdentity() {
    var config =
        MemcacheClient.builder()
            .servers(memcached.address())
            .keys(DjangoKeys.of("shop", 2))
            .buildConfig();
    assertEquals(DjangoKeys.of("shop", 2), config.toBuilder().buildConfig().keyFunction());
    assertTrue(
        config.toString().contains("DjangoKeys{prefix='shop', version=2}"), config.toString());
    assertSame(
        KeyFunction.identity(),
        MemcacheClient.builder().servers(memcached.address()).buildConfig().keyFunction());
  }
}
