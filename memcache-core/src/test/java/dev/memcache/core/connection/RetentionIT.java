package dev.memcache.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memcache.core.ClientConfig;
import dev.memcache.core.internal.Call;
import dev.memcache.core.internal.Cluster;
import dev.memcache.core.internal.Command;
import dev.memcache.core.internal.Operations;
import dev.memcache.core.internal.connection.Request;
import dev.memcache.testkit.MemcachedExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A finished request that a caller keeps (in a future, say) must not keep later requests alive. */
class RetentionIT {
  @RegisterExtension static MemcachedExtension memcached = new MemcachedExtension();

  @Test
  void aKeptRequestDoesNotReachTheRequestsAfterIt() {
    try (Cluster cluster =
        new Cluster(ClientConfig.builder().servers(memcached.address()).buildConfig())) {
      Operations ops = new Operations(cluster);
      ops.store(Command.SET, "k", "v", Duration.ZERO, false).await();
      Call<Object> kept = ops.get("k");
      assertEquals("v", kept.await());
      for (int i = 0; i < 3; i++) ops.get("k").await();
      assertNull(
          ((Request<?>) kept).nextInFlight(),
          "a chain from a kept request would hold every later value");
    }
  }
}
