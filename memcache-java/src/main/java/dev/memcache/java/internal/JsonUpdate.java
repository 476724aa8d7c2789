package dev.memcache.java.internal;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The caller's {@code updateJson} transform as an {@code update} function over the stored JSON
 * text, so the client's own gets/cas loop ({@link CasLoop}, the core's CasUpdate) runs it: each
 * round decodes the stored value as {@code getJson} does, applies the transform and encodes the
 * result as {@code setJson} does. A {@code null} result passes through as {@code null}, which the
 * loop refuses as {@code update} does. Keeps the last result, the value stored when the loop ends.
 * One per call.
 */
final class JsonUpdate<T> implements UnaryOperator<Object> {
  private final JsonSupport json;
  private final String key;
  private final Function<Object, T> decode;
  private final UnaryOperator<T> transform;

  /**
   * Written by the round that stored, read after the loop returned (on the same thread or after the
   * future completed).
   */
  private volatile T last;

  JsonUpdate(JsonSupport json, String key, Function<Object, T> decode, UnaryOperator<T> transform) {
    this.json = json;
    this.key = key;
    this.decode = decode;
    this.transform = transform;
  }

  @Override
  public Object apply(Object stored) {
    T next = transform.apply(decode.apply(stored));
    last = next;
    return next == null ? null : json.encode(key, next);
  }

  /** The result of the last round: the value stored once the loop returned. */
  T stored() {
    return last;
  }
}
