package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.core.Protocol;
import dev.memcache.java.MemcacheClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Our blocking client in one protocol, with byte[] values (flags 0 under the default value codec).
 */
final class OursAdapter implements ClientAdapter {
  private final MemcacheClient client;

  private OursAdapter(MemcacheClient client) {
    this.client = client;
  }

  static ClientAdapter open(String host, int port, BenchSettings settings, Protocol protocol) {
    MemcacheClient client =
        MemcacheClient.builder()
            .servers(host + ":" + port)
            .protocol(protocol)
            .connectionsPerServer(BenchSettings.oursConnections())
            .maxInFlight(settings.maxInFlight())
            .operationTimeout(settings.timeout())
            .build();
    return new OursAdapter(client);
  }

  @Override
  public byte[] get(String key) {
    return client.get(key, byte[].class);
  }

  @Override
  public boolean set(String key, byte[] value) {
    return client.set(key, value);
  }

  @Override
  public void setNoReply(String key, byte[] value) {
    client.noReply().set(key, value, Duration.ZERO);
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) {
    return client.getMulti(keys);
  }

  @Override
  public void close() {
    client.close();
  }
}
