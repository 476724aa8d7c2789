package dev.memcache.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import org.junit.jupiter.api.Test;

/** The distribution settings of {@link ClientConfig}. */
class DistributionConfigTest {
  private static ClientConfig.Builder<?> builder() {
    return ClientConfig.builder().servers("10.0.0.1:11211", "10.0.0.2:11211");
  }

  @Test
  void theDefaultIsPymemcacheRendezvousWithItsFixedHash() {
    ClientConfig config = builder().buildConfig();
    assertEquals(Distribution.PYMEMCACHE_RENDEZVOUS, config.distribution());
    assertNull(config.hashAlgorithm());
  }

  @Test
  void libmemcachedDistributionsStartWithTheirOwnDefaultHash() {
    assertEquals(
        HashAlgorithm.ONE_AT_A_TIME,
        builder().distribution(Distribution.LIBMEMCACHED_MODULA).buildConfig().hashAlgorithm());
    assertEquals(
        HashAlgorithm.ONE_AT_A_TIME,
        builder().distribution(Distribution.LIBMEMCACHED_CONSISTENT).buildConfig().hashAlgorithm());
    assertEquals(
        HashAlgorithm.MD5,
        builder()
            .distribution(Distribution.LIBMEMCACHED_KETAMA_WEIGHTED)
            .buildConfig()
            .hashAlgorithm());
  }

  @Test
  void aChosenHashSurvivesToBuilder() {
    ClientConfig config =
        builder()
            .distribution(Distribution.LIBMEMCACHED_CONSISTENT, HashAlgorithm.FNV1A_32)
            .buildConfig();
    ClientConfig copy = config.toBuilder().buildConfig();
    assertEquals(Distribution.LIBMEMCACHED_CONSISTENT, copy.distribution());
    assertEquals(HashAlgorithm.FNV1A_32, copy.hashAlgorithm());
  }

  @Test
  void choosingADistributionAgainDropsTheEarlierHash() {
    ClientConfig config =
        builder()
            .distribution(Distribution.LIBMEMCACHED_MODULA, HashAlgorithm.CRC)
            .buildConfig()
            .toBuilder()
            .distribution(Distribution.LIBMEMCACHED_KETAMA_WEIGHTED)
            .buildConfig();
    assertEquals(HashAlgorithm.MD5, config.hashAlgorithm());
  }

  @Test
  void aHashForADistributionWithAFixedHashIsRejectedAtOnce() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> builder().distribution(Distribution.PYTHON_MEMCACHED, HashAlgorithm.MD5));
    assertTrue(e.getMessage().contains("PYTHON_MEMCACHED"), e.getMessage());
  }

  @Test
  void weightsNeedADistributionThatHasWeights() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClientConfig.builder().servers("10.0.0.1:11211 2", "10.0.0.2:11211").buildConfig());
    assertTrue(
        e.getMessage().contains("10.0.0.1:11211")
            && e.getMessage().contains("PYMEMCACHE_RENDEZVOUS"),
        e.getMessage());
    ClientConfig weighted =
        ClientConfig.builder()
            .servers("10.0.0.1:11211 2", "10.0.0.2:11211")
            .distribution(Distribution.PYTHON_MEMCACHED)
            .buildConfig();
    assertEquals(2, weighted.servers().get(0).weight());
  }
}
