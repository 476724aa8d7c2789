package dev.memcache.java.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One of three servers hangs (SIGSTOP) under load, then resumes with its items. It accepts
 * connections but answers nothing: requests time out, hung connections are closed after the hang
 * timeout, and two connections that never answer mark it down.
 */
class PausedServerUnderLoadIT extends OneOfThreeServersFails {

  @ParameterizedTest
  @EnumSource(FailurePolicy.class)
  void everyCallerGetsItsOwnValueOrThePolicysOutcomeAndTheKeysComeBackAfterAResume(
      FailurePolicy policy) throws Exception {
    // The first connection hangs (600 ms), then two fresh ones never answer: it is marked down.
    failAndRecover(
        policy,
        Distribution.PYMEMCACHE_RENDEZVOUS,
        () -> victim().pause(),
        () -> victim().resume(),
        () -> victim().resume());
  }
}
