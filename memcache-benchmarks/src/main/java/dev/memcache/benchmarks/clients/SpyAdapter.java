package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;

/**
 * spymemcached over the text protocol; raw byte values (its default transcoder compresses >16 KB).
 * Several servers are placed on a ketama ring, as its {@code KetamaConnectionFactory} does.
 */
final class SpyAdapter implements ClientAdapter {
  // spymemcached logs connects and queueing before connect to stderr unless routed to
  // java.util.logging.
  private static final Logger SPY_LOG;

  static {
    System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
    SPY_LOG = Logger.getLogger("net.spy.memcached");
    SPY_LOG.setLevel(Level.SEVERE); // also hides "could not redistribute" while it connects
  }

  private static final Transcoder<byte[]> RAW =
      new Transcoder<>() {
        @Override
        public boolean asyncDecode(CachedData d) {
          return false;
        }

        @Override
        public CachedData encode(byte[] o) {
          return new CachedData(0, o, getMaxSize());
        }

        @Override
        public byte[] decode(CachedData d) {
          return d.getData();
        }

        @Override
        public int getMaxSize() {
          return CachedData.MAX_SIZE;
        }
      };

  private final MemcachedClient client;

  private SpyAdapter(MemcachedClient client) {
    this.client = client;
  }

  static ClientAdapter open(List<String> servers, BenchSettings settings) throws Exception {
    ConnectionFactoryBuilder factory =
        new ConnectionFactoryBuilder()
            .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
            .setOpTimeout(settings.timeout().toMillis())
            .setDaemon(true);
    if (servers.size() > 1) // what its KetamaConnectionFactory configures
    factory.setLocatorType(Locator.CONSISTENT).setHashAlg(DefaultHashAlgorithm.KETAMA_HASH);
    return new SpyAdapter(new MemcachedClient(factory.build(), AddrUtil.getAddresses(servers)));
  }

  @Override
  public byte[] get(String key) {
    return client.get(key, RAW);
  }

  @Override
  public boolean set(String key, byte[] value) throws Exception {
    return client.set(key, 0, value, RAW).get();
  }

  /** spymemcached has no noreply: its fire-and-forget is a set whose future nobody awaits. */
  @Override
  public void setNoReply(String key, byte[] value) {
    client.set(key, 0, value, RAW);
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) {
    return client.getBulk(keys, RAW);
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
