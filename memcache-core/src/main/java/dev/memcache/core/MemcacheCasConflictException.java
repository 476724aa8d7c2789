package dev.memcache.core;

import dev.memcache.core.internal.Keys;

/**
 * An {@code update} (a gets/cas loop) gave up: each of its attempts lost to another writer (or,
 * under {@link FailurePolicy#MISS}, the server was unreachable, which reads as a lost write). The
 * limit is {@link ClientConfig#updateAttempts()}; nothing was stored by the last attempt.
 */
public class MemcacheCasConflictException extends MemcacheException {
  /** The key whose update kept conflicting. */
  private final String key;

  /** How many attempts were made. */
  private final int attempts;

  /**
   * An exception for {@code key} after {@code attempts} lost attempts.
   *
   * @param key the key updated
   * @param attempts how many gets/cas rounds were made
   */
  public MemcacheCasConflictException(String key, int attempts) {
    super(
        "update of key "
            + Keys.show(key)
            + " did not store in "
            + attempts
            + " attempts: other writers won each time, or (with the MISS failure policy) the"
            + " server is down; raise ClientConfig.Builder.updateAttempts for a hotter key");
    this.key = key;
    this.attempts = attempts;
  }

  /**
   * The key updated.
   *
   * @return the key, as the caller passed it
   */
  public String key() {
    return key;
  }

  /**
   * How many gets/cas rounds were made before giving up.
   *
   * @return the number of attempts
   */
  public int attempts() {
    return attempts;
  }
}
