package dev.memcache.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.Distribution;
import dev.memcache.core.HashAlgorithm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** toBuilder() copies what was set and derives again what was derived. */
class ClientConfigTest {
  private static ClientConfig.Builder<?> base() {
    return ClientConfig.builder().servers("127.0.0.1:11211");
  }

  @Test
  void aDerivedHangTimeoutFollowsANewOperationTimeoutAfterToBuilder() {
    ClientConfig one = base().buildConfig();
    assertEquals(Duration.ofSeconds(3), one.hangTimeout(), "3 x the 1 s operation timeout");
    ClientConfig five = one.toBuilder().operationTimeout(Duration.ofSeconds(5)).buildConfig();
    assertEquals(Duration.ofSeconds(15), five.hangTimeout(), "3 x 5 s, not the old 3 s");
    ClientConfig short_ = five.toBuilder().operationTimeout(Duration.ofMillis(100)).buildConfig();
    assertEquals(Duration.ofSeconds(1), short_.hangTimeout(), "at least 1 s");
  }

  @Test
  void anExplicitHangTimeoutSurvivesToBuilder() {
    ClientConfig set = base().hangTimeout(Duration.ofSeconds(2)).buildConfig();
    ClientConfig copy = set.toBuilder().operationTimeout(Duration.ofSeconds(5)).buildConfig();
    assertEquals(Duration.ofSeconds(2), copy.hangTimeout());
  }

  @Test
  void aDefaultHashFollowsTheDistributionAfterToBuilder() {
    ClientConfig modula = base().distribution(Distribution.LIBMEMCACHED_MODULA).buildConfig();
    assertEquals(Distribution.LIBMEMCACHED_MODULA.defaultHash(), modula.hashAlgorithm());
    ClientConfig weighted =
        modula.toBuilder().distribution(Distribution.LIBMEMCACHED_KETAMA_WEIGHTED).buildConfig();
    assertEquals(Distribution.LIBMEMCACHED_KETAMA_WEIGHTED.defaultHash(), weighted.hashAlgorithm());
    ClientConfig copy = modula.toBuilder().keyPrefix("p:").buildConfig();
    assertEquals(modula.hashAlgorithm(), copy.hashAlgorithm());
    assertNull(
        base().buildConfig().toBuilder().buildConfig().hashAlgorithm(),
        "a fixed-hash distribution keeps no hash");
  }

  @Test
  void anExplicitHashSurvivesToBuilder() {
    ClientConfig fnv =
        base()
            .distribution(Distribution.LIBMEMCACHED_CONSISTENT, HashAlgorithm.FNV1A_32)
            .buildConfig();
    ClientConfig copy = fnv.toBuilder().operationTimeout(Duration.ofSeconds(2)).buildConfig();
    assertEquals(HashAlgorithm.FNV1A_32, copy.hashAlgorithm());
    assertEquals(Distribution.LIBMEMCACHED_CONSISTENT, copy.distribution());
  }

  @Test
  void everyOtherSettingIsCopied() {
    ClientConfig set =
        base()
            .failoverTtl(Duration.ofSeconds(5))
            .retryDelay(Duration.ofMillis(300))
            .failureLimit(4)
            .maxInFlight(10)
            .buildConfig();
    ClientConfig copy = set.toBuilder().buildConfig();
    assertEquals(Duration.ofSeconds(5), copy.failoverTtl());
    assertEquals(Duration.ofMillis(300), copy.retryDelay());
    assertEquals(4, copy.failureLimit());
    assertEquals(10, copy.maxInFlight());
    assertEquals(Duration.ofSeconds(60), base().buildConfig().failoverTtl(), "the default");
  }

  @Test
  void durationsTooLongOrShortAreRefusedWithATrueMessage() {
    Duration longest = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> base().operationTimeout(longest));
    assertTrue(e.getMessage().startsWith("operationTimeout must be at most"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base().connectTimeout(longest));
    assertThrows(IllegalArgumentException.class, () -> base().hangTimeout(longest));
    assertThrows(IllegalArgumentException.class, () -> base().retryDelay(longest));
    assertThrows(IllegalArgumentException.class, () -> base().failoverTtl(Duration.ofDays(31)));
    assertThrows(IllegalArgumentException.class, () -> base().failoverTtl(Duration.ZERO));
    assertEquals(
        Duration.ofDays(30), base().failoverTtl(Duration.ofDays(30)).buildConfig().failoverTtl());
  }
}
