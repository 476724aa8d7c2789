package dev.memcache.core.internal.connection;

/**
 * Skips attempts after ones that failed: 1 after a failure, then 2, 4 ... {@value #MAX_SKIPPED} (or
 * the most the failure allows) after each further failure in a row; a success starts over. The
 * reader's polls, the callers' spins and the carrier hand-overs each have one. Not thread-safe
 * (racy use costs one attempt or one skip).
 */
final class Backoff {
  /** The most attempts skipped after failures, unless a failure allows more. */
  static final int MAX_SKIPPED = 64;

  private int toSkip, afterMiss = 1;

  /** Whether to skip this attempt (counts it as skipped). */
  boolean skips() {
    if (toSkip == 0) return false;
    toSkip--;
    return true;
  }

  void hit() {
    afterMiss = 1;
  }

  void miss() {
    miss(MAX_SKIPPED);
  }

  /**
   * A failure that lets the skips grow up to {@code most}; never shrinks them (a hand-over that
   * timed out after big values keeps their back-off: only a success starts over).
   */
  void miss(int most) {
    toSkip = afterMiss;
    afterMiss = Math.max(afterMiss, Math.min(2 * afterMiss, most));
  }
}
