package dev.memcache.core.routing;

import static dev.memcache.core.Distribution.LIBMEMCACHED_CONSISTENT;
import static dev.memcache.core.Distribution.LIBMEMCACHED_KETAMA_SPY;
import static dev.memcache.core.Distribution.LIBMEMCACHED_KETAMA_WEIGHTED;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.memcache.core.HashAlgorithm;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * pylibmc behaviors and the distribution (and hash) of ours that must place keys like them: the
 * cases both placement directions run (pylibmc writes and we locate; we write and pylibmc reads).
 */
public final class PylibmcSetups {
  private PylibmcSetups() {}

  /**
   * Arguments: pylibmc behaviors, server weights, our distribution, our hash (null: its default).
   */
  public static Stream<Arguments> consistent() {
    int[] equal = {1, 1, 1}, weighted = {1, 2, 3};
    return Stream.of(
        arguments(Map.of("distribution", "consistent"), equal, LIBMEMCACHED_CONSISTENT, null),
        arguments(Map.of("ketama", true), equal, LIBMEMCACHED_CONSISTENT, null),
        arguments(
            Map.of("ketama", true, "hash", "md5"),
            equal,
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.MD5),
        arguments(
            Map.of("distribution", "consistent", "hash", "fnv1a_32"),
            equal,
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.FNV1A_32),
        arguments(
            Map.of("distribution", "consistent", "hash", "fnv1a_64"),
            equal,
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.FNV1A_64),
        // a weight above 1 turns on libmemcached's weighted ring, with the key hash unchanged
        arguments(Map.of("ketama", true), weighted, LIBMEMCACHED_CONSISTENT, null),
        arguments(
            Map.of("distribution", "consistent", "hash", "murmur"),
            weighted,
            LIBMEMCACHED_CONSISTENT,
            HashAlgorithm.MURMUR),
        arguments(Map.of("ketama_weighted", true), equal, LIBMEMCACHED_KETAMA_WEIGHTED, null),
        arguments(Map.of("ketama_weighted", true), weighted, LIBMEMCACHED_KETAMA_WEIGHTED, null),
        arguments(
            Map.of("ketama_weighted", true),
            new int[] {3, 4, 1},
            LIBMEMCACHED_KETAMA_WEIGHTED,
            null),
        // libmemcached's spymemcached-compatible ketama: "/host:port-i" points
        arguments(
            Map.of("distribution", "consistent ketama spy"), equal, LIBMEMCACHED_KETAMA_SPY, null),
        arguments(
            Map.of("distribution", "consistent ketama spy", "hash", "md5"),
            equal,
            LIBMEMCACHED_KETAMA_SPY,
            HashAlgorithm.MD5),
        arguments(
            Map.of("distribution", "consistent ketama spy"),
            weighted,
            LIBMEMCACHED_KETAMA_SPY,
            null),
        arguments(
            Map.of("distribution", "consistent ketama spy", "hash", "md5"),
            new int[] {3, 1, 2},
            LIBMEMCACHED_KETAMA_SPY,
            HashAlgorithm.MD5));
  }

  /** pylibmc's name for {@code hash} (its "hash" behavior). */
  public static String hashName(HashAlgorithm hash) {
    return hash == HashAlgorithm.ONE_AT_A_TIME ? "default" : hash.name().toLowerCase(Locale.ROOT);
  }
}
