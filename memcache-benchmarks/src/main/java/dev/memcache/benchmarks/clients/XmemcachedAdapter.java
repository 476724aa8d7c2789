package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import net.rubyeye.xmemcached.utils.AddrUtil;

/**
 * xmemcached over the text protocol with a pool of connections per server; raw byte values. Several
 * servers are placed on its ketama ring ({@code KetamaMemcachedSessionLocator}).
 */
final class XmemcachedAdapter implements ClientAdapter {
  private static final Transcoder<byte[]> RAW =
      new Transcoder<>() {
        @Override
        public CachedData encode(byte[] o) {
          return new CachedData(0, o);
        }

        @Override
        public byte[] decode(CachedData d) {
          return d.getData();
        }

        @Override
        public void setPrimitiveAsString(boolean b) {}

        @Override
        public void setPackZeros(boolean b) {}

        @Override
        public void setCompressionThreshold(int threshold) {}

        @Override
        public boolean isPrimitiveAsString() {
          return false;
        }

        @Override
        public boolean isPackZeros() {
          return false;
        }

        @Override
        public void setCompressionMode(CompressionMode mode) {}
      };

  private final MemcachedClient client;
  private final long timeoutMillis;

  private XmemcachedAdapter(MemcachedClient client, long timeoutMillis) {
    this.client = client;
    this.timeoutMillis = timeoutMillis;
  }

  static ClientAdapter open(List<String> servers, BenchSettings settings, int connections)
      throws Exception {
    XMemcachedClientBuilder builder =
        new XMemcachedClientBuilder(AddrUtil.getAddresses(String.join(" ", servers)));
    if (servers.size() > 1) builder.setSessionLocator(new KetamaMemcachedSessionLocator());
    builder.setConnectionPoolSize(connections);
    builder.setOpTimeout(settings.timeout().toMillis());
    return new XmemcachedAdapter(builder.build(), settings.timeout().toMillis());
  }

  @Override
  public byte[] get(String key) throws Exception {
    return client.get(key, timeoutMillis, RAW);
  }

  @Override
  public boolean set(String key, byte[] value) throws Exception {
    return client.set(key, 0, value, RAW, timeoutMillis);
  }

  @Override
  public void setNoReply(String key, byte[] value) throws Exception {
    client.setWithNoReply(key, 0, value, RAW);
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) throws Exception {
    return client.get(keys, timeoutMillis, RAW);
  }

  @Override
  public void close() throws Exception {
    client.shutdown();
  }
}
