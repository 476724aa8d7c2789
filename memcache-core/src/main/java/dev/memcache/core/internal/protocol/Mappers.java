package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/** The one cast the command types need. */
final class Mappers {
  private Mappers() {}

  /**
   * A command type's mapper as its base class's: sound, because a request's mapper is only ever
   * applied to that request, which is an {@code R}.
   */
  @SuppressWarnings("unchecked")
  static <T, R extends Request<T>> Function<Request<T>, T> typed(Function<? super R, T> mapper) {
    return (Function<Request<T>, T>) (Function<?, ?>) mapper;
  }
}
