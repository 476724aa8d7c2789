package dev.memcache.java.internal;

import dev.memcache.java.AsyncJsonCommands;
import dev.memcache.java.MemcacheAsyncClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The future JSON view: the future client's get/set with JSON text; never throws. */
final class RealAsyncJsonCommands implements AsyncJsonCommands {
  private final MemcacheAsyncClient client;
  private final JsonSupport json;

  RealAsyncJsonCommands(MemcacheAsyncClient client, JsonSupport json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public <T> CompletableFuture<T> getJson(String key, Class<T> type) {
    return client.get(key).thenApply(stored -> json.decode(key, stored, type));
  }

  @Override
  public <T> CompletableFuture<T> getJson(String key, TypeReference<T> type) {
    return client.get(key).thenApply(stored -> json.decode(key, stored, type));
  }

  @Override
  public <T> CompletableFuture<Map<String, T>> getMultiJson(
      Collection<String> keys, Class<T> type) {
    return client.getMulti(keys).thenApply(stored -> json.decodeAll(stored, type));
  }

  @Override
  public CompletableFuture<Boolean> setJson(String key, Object value, Duration ttl) {
    return encoded(key, value, text -> client.set(key, text, ttl));
  }

  @Override
  public CompletableFuture<Boolean> addJson(String key, Object value, Duration ttl) {
    return encoded(key, value, text -> client.add(key, text, ttl));
  }

  @Override
  public CompletableFuture<Boolean> replaceJson(String key, Object value, Duration ttl) {
    return encoded(key, value, text -> client.replace(key, text, ttl));
  }

  /** Encodes, then writes; an encoding failure fails the future instead of throwing. */
  private CompletableFuture<Boolean> encoded(
      String key, Object value, Function<String, CompletableFuture<Boolean>> write) {
    String text;
    try {
      text = json.encode(key, value);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return write.apply(text);
  }

  @Override
  public <T> CompletableFuture<T> updateJson(
      String key, Class<T> type, Duration ttl, UnaryOperator<T> transform) {
    return update(key, ttl, () -> json.update(key, type, transform));
  }

  @Override
  public <T> CompletableFuture<T> updateJson(
      String key, TypeReference<T> type, Duration ttl, UnaryOperator<T> transform) {
    return update(key, ttl, () -> json.update(key, type, transform));
  }

  /**
   * The future client's own update loop over the JSON text; the value is the last result. A failure
   * to make the update (bad arguments) fails the future instead of throwing.
   */
  private <T> CompletableFuture<T> update(String key, Duration ttl, Supplier<JsonUpdate<T>> make) {
    JsonUpdate<T> update;
    try {
      update = make.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.<Object>update(key, ttl, update).thenApply(text -> update.stored());
  }

  @Override
  public ObjectMapper mapper() {
    return json.mapper();
  }

  @Override
  public AsyncJsonCommands withMapper(ObjectMapper mapper) {
    return new RealAsyncJsonCommands(client, json.withMapper(mapper));
  }
}
