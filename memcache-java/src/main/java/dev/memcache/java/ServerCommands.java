package dev.memcache.java;

import java.time.Duration;
import java.util.Map;

/**
 * The commands of a {@link MemcacheClient} that go to every server: flush, statistics, version and
 * verbosity. Results are keyed by server ({@code "host:port"}). Use it through {@link
 * MemcacheClient}, which extends it.
 */
public interface ServerCommands {

  /**
   * Invalidates every item on every server.
   *
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   * @throws IllegalStateException when this client is closed
   */
  boolean flushAll();

  /**
   * Invalidates every item on every server after {@code delay}. Like a TTL, a delay over 30 days is
   * sent as an absolute Unix time (clamped at 2^31-1), which memcached reads as such.
   *
   * @param delay how long to wait before the flush; zero (or null) for now
   * @return true when every server confirmed; false only under {@link
   *     dev.memcache.core.FailurePolicy#MISS} when some server could not be reached
   * @throws IllegalArgumentException when {@code delay} is negative
   * @throws IllegalStateException when this client is closed
   */
  boolean flushAll(Duration delay);

  /**
   * General statistics per server ({@code "host:port"} to name to value).
   *
   * @return for each server ({@code "host:port"}), its statistics by name
   */
  Map<String, Map<String, String>> stats();

  /**
   * A statistics group per server, such as {@code "items"}, {@code "slabs"} or {@code "settings"}.
   *
   * @param group the group's name, as memcached's {@code stats} command takes it
   * @return for each server ({@code "host:port"}), the group's statistics by name
   */
  Map<String, Map<String, String>> stats(String group);

  /**
   * The version of each server.
   *
   * @return for each server ({@code "host:port"}), its version
   */
  Map<String, String> version();

  /**
   * Sets the server log verbosity on every server.
   *
   * @param level the verbosity, 0 (quiet) and up
   */
  void verbosity(int level);
}
