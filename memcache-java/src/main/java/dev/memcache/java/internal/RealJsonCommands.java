package dev.memcache.java.internal;

import dev.memcache.java.AsyncJsonCommands;
import dev.memcache.java.JsonCommands;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The blocking JSON view: the client's own get/set with JSON text. */
final class RealJsonCommands implements JsonCommands {
  private final MemcacheClient client;
  private final JsonSupport json;

  RealJsonCommands(MemcacheClient client, JsonSupport json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public <T> T getJson(String key, Class<T> type) {
    return json.decode(key, client.get(key), type);
  }

  @Override
  public <T> T getJson(String key, TypeReference<T> type) {
    return json.decode(key, client.get(key), type);
  }

  @Override
  public <T> Map<String, T> getMultiJson(Collection<String> keys, Class<T> type) {
    return json.decodeAll(client.getMulti(keys), type);
  }

  @Override
  public boolean setJson(String key, Object value, Duration ttl) {
    return client.set(key, json.encode(key, value), ttl);
  }

  @Override
  public boolean addJson(String key, Object value, Duration ttl) {
    return client.add(key, json.encode(key, value), ttl);
  }

  @Override
  public boolean replaceJson(String key, Object value, Duration ttl) {
    return client.replace(key, json.encode(key, value), ttl);
  }

  @Override
  public <T> T updateJson(String key, Class<T> type, Duration ttl, UnaryOperator<T> transform) {
    return update(key, ttl, json.update(key, type, transform));
  }

  @Override
  public <T> T updateJson(
      String key, TypeReference<T> type, Duration ttl, UnaryOperator<T> transform) {
    return update(key, ttl, json.update(key, type, transform));
  }

  /** The client's own update loop over the JSON text; the value stored is the last result. */
  private <T> T update(String key, Duration ttl, JsonUpdate<T> update) {
    client.<Object>update(key, ttl, update);
    return update.stored();
  }

  @Override
  public ObjectMapper mapper() {
    return json.mapper();
  }

  @Override
  public JsonCommands withMapper(ObjectMapper mapper) {
    return new RealJsonCommands(client, json.withMapper(mapper));
  }

  @Override
  public AsyncJsonCommands async() {
    return new RealAsyncJsonCommands(client.async(), json);
  }
}
