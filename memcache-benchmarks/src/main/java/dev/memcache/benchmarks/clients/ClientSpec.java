package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.core.Protocol;
import java.util.List;

/**
 * A client under test.
 *
 * @param name the column name in tables and files
 * @param peer whether it counts as a peer when finding the best peer of a cell (ours and the raw
 *     socket baseline do not)
 * @param maxCallers the most concurrent callers it supports
 * @param factory opens a connected client
 */
public record ClientSpec(String name, boolean peer, int maxCallers, Factory factory) {

  /** Opens a client for the server at {@code host:port}. */
  @FunctionalInterface
  public interface Factory {
    ClientAdapter open(String host, int port, BenchSettings settings) throws Exception;
  }

  /** The name of our client. */
  public static final String OURS = "ours";

  /** The specs for {@code names} (see {@link BenchSettings#ALL_CLIENTS}), in that order. */
  public static List<ClientSpec> forNames(List<String> names) {
    return names.stream().map(ClientSpec::forName).toList();
  }

  private static ClientSpec forName(String name) {
    return switch (name) {
      case OURS ->
          new ClientSpec(
              name,
              false,
              Integer.MAX_VALUE,
              (h, p, s) -> OursAdapter.open(h, p, s, Protocol.TEXT));
      case "ours-micrometer" ->
          new ClientSpec(name, false, Integer.MAX_VALUE, OursAdapter::openWithMicrometer);
      case "ours-otel" ->
          new ClientSpec(name, false, Integer.MAX_VALUE, OursAdapter::openWithOpenTelemetry);
      case "ours-binary" ->
          new ClientSpec(
              name,
              false,
              Integer.MAX_VALUE,
              (h, p, s) -> OursAdapter.open(h, p, s, Protocol.BINARY));
      case "ours-meta" ->
          new ClientSpec(
              name,
              false,
              Integer.MAX_VALUE,
              (h, p, s) -> OursAdapter.open(h, p, s, Protocol.META));
      case "spymemcached" -> new ClientSpec(name, true, Integer.MAX_VALUE, SpyAdapter::open);
      case "xmemcached-1" ->
          new ClientSpec(
              name, true, Integer.MAX_VALUE, (h, p, s) -> XmemcachedAdapter.open(h, p, s, 1));
      case "xmemcached-4" ->
          new ClientSpec(
              name, true, Integer.MAX_VALUE, (h, p, s) -> XmemcachedAdapter.open(h, p, s, 4));
      case "folsom-ascii" ->
          new ClientSpec(
              name, true, Integer.MAX_VALUE, (h, p, s) -> FolsomAdapter.open(h, p, s, false));
      case "folsom-binary" ->
          new ClientSpec(
              name, true, Integer.MAX_VALUE, (h, p, s) -> FolsomAdapter.open(h, p, s, true));
      case "raw-socket" -> new ClientSpec(name, false, 1, RawSocketAdapter::open);
      default -> throw new IllegalArgumentException("unknown client '" + name + "'");
    };
  }

  /**
   * Whether the client has noreply (or fire-and-forget) writes: Folsom and the raw socket do not.
   */
  public boolean hasNoReply() {
    return !name.startsWith("folsom") && !name.equals("raw-socket");
  }

  public boolean isOurs() {
    return OURS.equals(name);
  }
}
