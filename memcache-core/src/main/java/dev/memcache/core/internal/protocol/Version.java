package dev.memcache.core.internal.protocol;

import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.connection.Request;
import java.util.function.Function;

/** {@code version}: the server's version string. */
public final class Version<T> extends Request<T> {
  // reply: written by the reader before completion
  private String version;

  /**
   * @param deadlineNanos when it times out ({@code nanoTime} scale)
   * @param mapper the result of the reply, on the caller's thread
   */
  public Version(long deadlineNanos, Function<? super Version<T>, T> mapper) {
    super(Command.VERSION, null, deadlineNanos, Mappers.typed(mapper));
  }

  /** The reader read the version. */
  public void version(String version) {
    this.version = version;
  }

  /** The server's version, once read. */
  public String version() {
    return version;
  }
}
