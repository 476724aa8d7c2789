package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.core.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The baseline: a blocking socket per caller, one hand-written request at a time, no pipelining, no
 * abstraction, in the text, binary or meta protocol. It shows what a round trip costs on this
 * machine. Each caller (thread) opens its own socket on its first call; one server only.
 */
final class RawSocketAdapter implements ClientAdapter {
  /** Opens one connection of the adapter's protocol. */
  @FunctionalInterface
  private interface Opener {
    RawConnection open() throws IOException;
  }

  private final Queue<RawConnection> all = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<RawConnection> mine;

  private RawSocketAdapter(Opener opener) {
    mine =
        ThreadLocal.withInitial(
            () -> {
              try {
                RawConnection c = opener.open();
                all.add(c);
                return c;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  static ClientAdapter open(List<String> servers, BenchSettings settings, Protocol protocol)
      throws IOException {
    if (servers.size() != 1) throw new IllegalArgumentException("the raw socket has one server");
    String[] hostPort = servers.get(0).split(":");
    InetSocketAddress server = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    Opener opener =
        switch (protocol) {
          case TEXT -> () -> new RawTextConnection(server, settings.timeout());
          case BINARY -> () -> new RawBinaryConnection(server, settings.timeout());
          case META -> () -> new RawMetaConnection(server, settings.timeout());
        };
    opener.open().close(); // fail here, not on the first call, when the server is unreachable
    return new RawSocketAdapter(opener);
  }

  @Override
  public byte[] get(String key) throws IOException {
    return mine.get().get(key);
  }

  @Override
  public boolean set(String key, byte[] value) throws IOException {
    return mine.get().set(key, value);
  }

  @Override
  public Map<String, ?> getMulti(List<String> keys) throws IOException {
    return mine.get().getMulti(keys);
  }

  @Override
  public void close() throws IOException {
    for (RawConnection c; (c = all.poll()) != null; ) c.close();
  }
}
