package dev.memcache.java.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.java.MemcacheClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One of three servers hangs (SIGSTOP) under load, then resumes with its items. It accepts
 * connections but answers nothing: requests time out, hung connections are closed after the hang
 * timeout, and two connections that never answer mark it down.
 */
class PausedServerUnderLoadTest extends OneOfThreeServersFails {

  @ParameterizedTest
  @EnumSource(FailurePolicy.class)
  void everyCallerGetsItsOwnValueOrThePolicysOutcomeAndTheKeysComeBackAfterAResume(
      FailurePolicy policy) throws Exception {
    try (MemcacheClient client = client(policy, Distribution.PYMEMCACHE_RENDEZVOUS)) {
      OwnKeysLoad load = load(client);
      try {
        Thread.sleep(300);
        load.phase("marking down");
        Thread.sleep(50); // calls are counted in the phase they start in: let those of "warm" end
        victim().pause();
        // The first connection hangs (600 ms), then two fresh ones never answer
        awaitVictimMarkedDown(client);
        load.phase("down");
        Thread.sleep(300);
        if (policy == FailurePolicy.REDISTRIBUTE)
          assertLiveServersHoldVictimKeys(load, client.config());
        Thread.sleep(500);
        load.phase("back");
        victim().resume();
        awaitVictimBack(client, 300);
      } finally {
        load.stop();
        victim().resume();
      }
      assertPolicyKept(policy, load, List.of("warm", "marking down", "down", "back"));
      assertKeysCameBackToTheVictim(client, load);
    }
  }
}
