package dev.memcache.java.routing;

import dev.memcache.core.Distribution;
import dev.memcache.core.FailurePolicy;
import dev.memcache.java.MemcacheClient;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One of three servers is killed (SIGKILL) under load, then restarted on its port, empty. */
class KilledServerUnderLoadTest extends OneOfThreeServersFails {

  @ParameterizedTest
  @EnumSource(FailurePolicy.class)
  void everyCallerGetsItsOwnValueOrThePolicysOutcomeAndTheKeysComeBackAfterARestart(
      FailurePolicy policy) throws Exception {
    try (MemcacheClient client = client(policy, Distribution.LIBMEMCACHED_CONSISTENT)) {
      OwnKeysLoad load = load(client);
      try {
        Thread.sleep(300);
        load.phase("marking down");
        Thread.sleep(50); // calls are counted in the phase they start in: let those of "warm" end
        victim().kill();
        awaitVictimMarkedDown(client); // two refused connects, 50 ms apart
        load.phase("down");
        Thread.sleep(300);
        if (policy == FailurePolicy.REDISTRIBUTE)
          assertLiveServersHoldVictimKeys(load, client.config());
        Thread.sleep(500);
        load.phase("back");
        victim().start();
        awaitVictimBack(client, 300);
      } finally {
        load.stop();
      }
      assertPolicyKept(policy, load, List.of("warm", "marking down", "down", "back"));
      assertKeysCameBackToTheVictim(client, load);
    }
  }
}
