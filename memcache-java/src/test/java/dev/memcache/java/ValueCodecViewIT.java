package dev.memcache.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.codec.CachedValue;
import dev.memcache.core.codec.PythonValueCodec;
import dev.memcache.core.codec.ValueCodec;
import dev.memcache.testkit.MemcachedExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's own codec for some calls ({@code withValueCodec}) beside the default one, over the same
 * connection.
 */
class ValueCodecViewIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  record User(String name, int age, boolean admin) {}

  final JsonRecordCodec<User> json = new JsonRecordCodec<>(User.class);
  MemcacheClient client;
  MemcacheClient users;

  @BeforeEach
  void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).connectionsPerServer(1).build();
    client.flushAll();
    users = client.withValueCodec(json);
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void viewUsesItsCodecWhileTheDefaultCodecKeepsWorkingOnTheSameConnection() {
    String connections = totalConnections();
    User ada = new User("Ada \"the first\" Lovelace", 36, true);
    assertTrue(users.set("user:1", ada));
    assertTrue(client.set("greeting", "héllo"));
    assertEquals(ada, users.get("user:1", User.class));
    assertEquals("héllo", client.get("greeting"));
    CachedValue stored = (CachedValue) client.withValueCodec(AS_STORED).get("user:1");
    assertEquals(JsonRecordCodec.JSON, stored.flags());
    assertEquals(
        "{\"name\":\"Ada \\\"the first\\\" Lovelace\",\"age\":36,\"admin\":true}",
        new String(stored.bytes(), StandardCharsets.UTF_8));
    assertEquals(connections, totalConnections(), "the view opened no connection of its own");
  }

  @Test
  void eachCodecRefusesTheOthersValuesWithAClearError() {
    users.set("user:1", new User("Ada", 36, false));
    client.set("greeting", "hello");
    MemcacheDecodeException byDefault =
        assertThrows(MemcacheDecodeException.class, () -> client.get("user:1"));
    assertTrue(byDefault.getMessage().contains("user:1"), byDefault.getMessage());
    MemcacheDecodeException byView =
        assertThrows(MemcacheDecodeException.class, () -> users.get("greeting"));
    assertTrue(byView.getMessage().contains("greeting"), byView.getMessage());
    assertEquals(
        "hello", client.get("greeting"), "the connection stays usable after decoding errors");
  }

  @Test
  void aValueTheViewCannotEncodeThrowsBeforeAnythingIsSent() {
    assertThrows(IllegalArgumentException.class, () -> users.set("user:2", "not a user"));
    assertNull(client.get("user:2"));
  }

  @Test
  void asyncMultiGetCasLoopAndNoReplyOfTheViewUseItsCodec() {
    users.async().set("user:1", new User("Ada", 36, false)).join();
    users.noReply().set("user:2", new User("Grace", 45, true), Duration.ZERO);
    assertEquals(new User("Ada", 36, false), users.async().get("user:1", User.class).join());
    User older =
        users.update(
            "user:1", Duration.ZERO, (User u) -> new User(u.name(), u.age() + 1, u.admin()));
    assertEquals(new User("Ada", 37, false), older);
    assertEquals(
        Map.of("user:1", older, "user:2", new User("Grace", 45, true)),
        users.getMulti(List.of("user:1", "user:2")));
  }

  @Test
  void viewReportsItsCodecAndKeepsEveryOtherSetting() {
    assertSame(json, users.config().valueCodec());
    assertSame(PythonValueCodec.DEFAULT, client.config().valueCodec());
    assertEquals(client.config().servers(), users.config().servers());
    assertEquals(client.config().operationTimeout(), users.config().operationTimeout());
    MemcacheClient back = users.withValueCodec(PythonValueCodec.DEFAULT);
    back.set("n", 7);
    assertEquals(7L, ((Number) client.get("n")).longValue());
  }

  @Test
  void closingTheViewLeavesTheParentAndTheViewWorking() {
    users.set("user:1", new User("Ada", 36, false));
    users.close();
    assertTrue(client.set("greeting", "still here"));
    assertEquals("still here", client.get("greeting"));
    assertEquals(new User("Ada", 36, false), users.get("user:1"));
  }

  @Test
  void theViewFailsLikeItsParentOnceTheParentIsClosed() {
    users.set("user:1", new User("Ada", 36, false));
    client.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> users.get("user:1"));
    assertEquals("client is closed", e.getMessage());
  }

  /** Reads an item as stored: its flags and bytes. */
  private static final ValueCodec AS_STORED =
      new ValueCodec() {
        @Override
        public CachedValue encode(Object value) {
          return (CachedValue) value;
        }

        @Override
        public Object decode(String key, int flags, byte[] bytes) {
          return new CachedValue(flags, bytes);
        }
      };

  private String totalConnections() {
    return client.stats().get(memcached.address()).get("total_connections");
  }
}
