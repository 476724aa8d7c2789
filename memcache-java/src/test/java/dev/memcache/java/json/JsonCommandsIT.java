package dev.memcache.java.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.MemcacheDecodeException;
import dev.memcache.core.Protocol;
import dev.memcache.core.codec.BasicValueCodec;
import dev.memcache.core.codec.Flags;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheClient;
import dev.memcache.testkit.MemcachedExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON values from Java: UTF-8 text under flags 16, read back as records. */
class JsonCommandsIT {
  record Address(String city, String zip) {}

  record Profile(long id, String name, List<String> tags, Address address) {}

  static final Profile ADA =
      new Profile(1, "Ada Lovelace ✓", List.of("math", "ünïcode"), new Address("London", "NW1"));
  static final Duration TTL = Duration.ofMinutes(5);

  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();
  static MemcacheClient client;

  @BeforeAll
  static void connect() {
    client = MemcacheClient.builder().servers(memcached.address()).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static MemcacheClient over(Protocol protocol) {
    return MemcacheClient.builder().servers(memcached.address()).protocol(protocol).build();
  }

  /** The flags and data line of {@code key} as the server holds them, over a raw connection. */
  static Map.Entry<Integer, String> raw(String key) throws Exception {
    String[] address = memcached.address().split(":");
    try (Socket s = new Socket(address[0], Integer.parseInt(address[1]))) {
      s.getOutputStream().write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String[] header = in.readLine().split(" ");
      return Map.entry(Integer.parseInt(header[2]), in.readLine());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aRecordRoundTripsOverEveryProtocolBlockingAndAsync(Protocol protocol) {
    try (MemcacheClient c = over(protocol)) {
      String key = "json:ada:" + protocol;
      assertTrue(c.json().setJson(key, ADA, TTL));
      assertEquals(ADA, c.json().getJson(key, Profile.class));
      assertEquals(ADA, c.async().json().getJson(key, Profile.class).join());
      assertTrue(c.async().json().setJson(key + ":a", ADA, TTL).join());
      assertEquals(ADA, c.json().getJson(key + ":a", Profile.class));
      assertNull(c.json().getJson("json:never-set", Profile.class));
      assertNull(c.async().json().getJson("json:never-set", Profile.class).join());
    }
  }

  @Test
  void jsonIsStoredAsUtf8TextUnderFlags16() throws Exception {
    client.json().setJson("json:raw", new Address("Zürich", "8001"), TTL);
    Map.Entry<Integer, String> stored = raw("json:raw");
    assertEquals(Flags.TEXT, (int) stored.getKey());
    assertEquals(
        Map.of("city", "Zürich", "zip", "8001"),
        JsonMapper.builder().build().readValue(stored.getValue(), Map.class));
    assertEquals("{\"city\":\"Zürich\",\"zip\":\"8001\"}", client.get("json:raw"));
  }

  @Test
  void genericTypesReadThroughATypeReference() {
    List<Profile> list = List.of(ADA, new Profile(2, "Grace", List.of(), null));
    client.json().setJson("json:list", list, TTL);
    assertEquals(list, client.json().getJson("json:list", new TypeReference<List<Profile>>() {}));
    assertEquals(
        list,
        client.async().json().getJson("json:list", new TypeReference<List<Profile>>() {}).join());
  }

  @Test
  void getMultiJsonReadsTheFoundKeysAsRecords() {
    client.json().setJson("json:m1", new Address("A", "1"), TTL);
    client.json().setJson("json:m2", new Address("B", "2"), TTL);
    Map<String, Address> expected =
        Map.of("json:m1", new Address("A", "1"), "json:m2", new Address("B", "2"));
    List<String> keys = List.of("json:m1", "json:m2", "json:m-missing");
    assertEquals(expected, client.json().getMultiJson(keys, Address.class));
    assertEquals(expected, client.async().json().getMultiJson(keys, Address.class).join());
  }

  @Test
  void addJsonStoresOnlyWhenAbsentAndReplaceJsonOnlyWhenPresent() {
    JsonCommands json = client.json();
    assertFalse(json.replaceJson("json:ar", ADA, TTL));
    assertTrue(json.addJson("json:ar", ADA, TTL));
    assertFalse(json.addJson("json:ar", new Address("x", "y"), TTL));
    assertTrue(json.replaceJson("json:ar", new Address("x", "y"), TTL));
    assertEquals(new Address("x", "y"), json.getJson("json:ar", Address.class));
    assertFalse(client.async().json().addJson("json:ar", ADA, TTL).join());
    assertTrue(client.async().json().replaceJson("json:ar", ADA, TTL).join());
    assertFalse(client.async().json().replaceJson("json:ar-absent", ADA, TTL).join());
    assertEquals(ADA, json.getJson("json:ar", Profile.class));
  }

  @Test
  void unknownPropertiesAreIgnoredByDefaultAndAConfiguredMapperIsUsed() {
    client.set("json:extra", "{\"city\":\"Paris\",\"zip\":\"75001\",\"planet\":\"Earth\"}", TTL);
    assertEquals(new Address("Paris", "75001"), client.json().getJson("json:extra", Address.class));
    JsonMapper strict =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    JsonCommands json = client.json().withMapper(strict);
    assertSame(strict, json.mapper());
    assertSame(strict, json.async().mapper());
    MemcacheDecodeException e =
        assertThrows(
            MemcacheDecodeException.class, () -> json.getJson("json:extra", Address.class));
    assertTrue(e.getMessage().contains("json:extra"), e.getMessage());
  }

  @Test
  void aValueThatIsNotJsonTextFailsWithADecodeExceptionNamingTheKey() {
    client.set("json:int", 42L, TTL);
    client.set("json:bad", "not json {", TTL);
    client.set("json:latin1", new byte[] {(byte) 0xE9, '"'}, TTL);
    for (String key : List.of("json:int", "json:bad", "json:latin1")) {
      MemcacheDecodeException e =
          assertThrows(MemcacheDecodeException.class, () -> client.json().getJson(key, Map.class));
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
      CompletionException async =
          assertThrows(
              CompletionException.class,
              () -> client.async().json().getJson(key, Map.class).join());
      assertInstanceOf(MemcacheDecodeException.class, async.getCause());
    }
    MemcacheDecodeException multi =
        assertThrows(
            MemcacheDecodeException.class,
            () -> client.json().getMultiJson(List.of("json:bad"), Map.class));
    assertTrue(multi.getMessage().contains("'json:bad'"), multi.getMessage());
  }

  @Test
  void rawUtf8BytesHoldingJsonAreReadToo() {
    client.set(
        "json:bytes", "{\"city\":\"Köln\",\"zip\":\"50667\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(new Address("Köln", "50667"), client.json().getJson("json:bytes", Address.class));
  }

  @Test
  void writingThroughACodecThatDoesNotStoreTextIsRefusedNamingTheKey() {
    MemcacheClient bytesOnly = client.withValueCodec(BytesOnlyCodec.INSTANCE);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> bytesOnly.json().setJson("json:nt", ADA, TTL));
    assertTrue(e.getMessage().contains("'json:nt'"), e.getMessage());
    CompletionException async =
        assertThrows(
            CompletionException.class,
            () -> bytesOnly.async().json().setJson("json:nt", ADA, TTL).join());
    assertInstanceOf(IllegalArgumentException.class, async.getCause());
    assertNull(client.get("json:nt"));
  }

  @Test
  void jsonGetAndSetCostPerCallAgainstTheByteArrayPath() {
    byte[] bytes = client.json().mapper().writeValueAsBytes(ADA);
    int warmup = 2_000;
    int rounds = 5_000;
    for (int i = 0; i < warmup; i++) {
      client.set("bench:bytes", bytes, TTL);
      client.get("bench:bytes");
      client.json().setJson("bench:json", ADA, TTL);
      client.json().getJson("bench:json", Profile.class);
    }
    JsonCommands json = client.json();
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      client.set("bench:bytes", bytes, TTL);
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      client.get("bench:bytes");
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      json.setJson("bench:json", ADA, TTL);
    }
    long t3 = System.nanoTime();
    Profile last = null;
    for (int i = 0; i < rounds; i++) {
      last = json.getJson("bench:json", Profile.class);
    }
    long t4 = System.nanoTime();
    assertEquals(ADA, last);
    System.out.printf(
        "JSON vs byte[] per call (%d calls, %d-byte record, loopback memcached): byte[] set %.1f µs,"
            + " get %.1f µs; JSON set %.1f µs, get %.1f µs%n",
        rounds,
        bytes.length,
        (t1 - t0) / 1e3 / rounds,
        (t2 - t1) / 1e3 / rounds,
        (t3 - t2) / 1e3 / rounds,
        (t4 - t3) / 1e3 / rounds);
  }

  /** A codec that stores only byte arrays, to see JSON refused rather than stored wrongly. */
  enum BytesOnlyCodec implements dev.memcache.core.codec.ValueCodec {
    INSTANCE;

    @Override
    public dev.memcache.core.codec.CachedValue encode(Object value) {
      if (value instanceof byte[] b) {
        return BasicValueCodec.INSTANCE.encode(b);
      }
      throw new IllegalArgumentException("bytes only");
    }

    @Override
    public Object decode(String key, int flags, byte[] bytes) {
      return bytes;
    }
  }
}
