package dev.memcache.java.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One of three servers is killed (SIGKILL) under load, then restarted on its port, empty. */
class KilledServerUnderLoadIT extends OneOfThreeServersFails {

  @ParameterizedTest
  @EnumSource(FailurePolicy.class)
  void everyCallerGetsItsOwnValueOrThePolicysOutcomeAndTheKeysComeBackAfterARestart(
      FailurePolicy policy) throws Exception {
    // Two refused connects, 50 ms apart, mark it down.
    failAndRecover(
        policy,
        Distribution.LIBMEMCACHED_CONSISTENT,
        () -> victim().kill(),
        () -> victim().start(),
        () -> {});
  }
}
