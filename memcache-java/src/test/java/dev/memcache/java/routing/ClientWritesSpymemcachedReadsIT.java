package dev.memcache.java.routing;

import static dev.memcache.core.Distribution.SPYMEMCACHED_KETAMA;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memcache.testkit.MemcachedServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.KetamaConnectionFactory;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Test;

/**
 * The JVM client writes with spymemcached's ketama; the real spymemcached 2.12.3 (no Python client
 * routes this way) reads every key, and its locator says which server it chose.
 */
class ClientWritesSpymemcachedReadsIT extends JvmWritesThreeServers {

  @Test
  void ketamaKeysAreFoundBySpymemcachedsKetamaClientWhereItsLocatorLooks() throws Exception {
    write(client().distribution(SPYMEMCACHED_KETAMA), KEYS);
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (MemcachedServer s : fleet().servers())
      addresses.add(new InetSocketAddress(s.host(), s.port()));
    MemcachedClient spy = new MemcachedClient(new KetamaConnectionFactory(), addresses);
    List<Readback> readbacks = new ArrayList<>();
    try {
      // a node still connecting counts as down, and its keys would be read elsewhere
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (spy.getAvailableServers().size() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
      assertEquals(
          3, spy.getAvailableServers().size(), "spymemcached did not connect to every server");
      List<Future<Object>> reads = new ArrayList<>();
      for (String key : KEYS) reads.add(spy.asyncGet(key));
      for (int i = 0; i < KEYS.size(); i++) {
        InetSocketAddress chosen =
            (InetSocketAddress) spy.getNodeLocator().getPrimary(KEYS.get(i)).getSocketAddress();
        readbacks.add(
            new Readback(
                (String) reads.get(i).get(10, TimeUnit.SECONDS), addresses.indexOf(chosen)));
      }
    } finally {
      spy.shutdown(5, TimeUnit.SECONDS);
    }
    assertReadBack(KEYS, "", new Reading("spymemcached 2.12.3 ketama", readbacks));
  }
}
