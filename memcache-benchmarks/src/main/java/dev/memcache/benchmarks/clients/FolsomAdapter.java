package dev.memcache.benchmarks.clients;

import com.spotify.folsom.MemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import com.spotify.folsom.MemcacheStatus;
import dev.memcache.benchmarks.BenchSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Folsom (async only): each call blocks its virtual thread on the returned future. Its default
 * bound of 1,000 outstanding requests is raised to the benchmark's in-flight bound, or 1,024
 * callers would fail with overload errors. Several servers make it its ketama client, one
 * connection each.
 */
final class FolsomAdapter implements ClientAdapter {
  private final MemcacheClient<byte[]> client;

  private FolsomAdapter(MemcacheClient<byte[]> client) {
    this.client = client;
  }

  static ClientAdapter open(List<String> servers, BenchSettings settings, boolean binary)
      throws Exception {
    MemcacheClientBuilder<byte[]> builder = MemcacheClientBuilder.newByteArrayClient();
    for (String server : servers) {
      int colon = server.lastIndexOf(':');
      builder.withAddress(
          server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
    }
    builder
        .withConnections(1)
        .withMaxOutstandingRequests(settings.maxInFlight())
        .withRequestTimeoutMillis(settings.timeout().toMillis());
    MemcacheClient<byte[]> client = binary ? builder.connectBinary() : builder.connectAscii();
    client.awaitConnected(10, TimeUnit.SECONDS);
    return new FolsomAdapter(client);
  }

  @Override
  public byte[] get(String key) throws Exception {
    return client.get(key).toCompletableFuture().get();
  }

  @Override
  public boolean set(String key, byte[] value) throws Exception {
    return client.set(key, value, 0).toCompletableFuture().get() == MemcacheStatus.OK;
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) throws Exception {
    List<byte[]> values = client.get(keys).toCompletableFuture().get();
    Map<String, byte[]> found = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (values.get(i) != null) found.put(keys.get(i), values.get(i));
    }
    return found;
  }

  @Override
  public void close() throws Exception {
    client.shutdown();
    client.awaitDisconnected(10, TimeUnit.SECONDS);
  }
}
