package dev.memcache.benchmarks.clients;

import dev.memcache.benchmarks.BenchSettings;
import dev.memcache.core.Protocol;
import java.util.List;

/**
 * A client under test.
 *
 * @param name the column name in tables and files
 * @param peer whether it counts as a peer when finding the best peer of a cell (ours and the raw
 *     socket baselines do not)
 * @param maxCallers the most concurrent callers it supports
 * @param factory opens a connected client
 */
public record ClientSpec(String name, boolean peer, int maxCallers, Factory factory) {

  /** Opens a client for the servers, each {@code "host:port"}. */
  @FunctionalInterface
  public interface Factory {
    ClientAdapter open(List<String> servers, BenchSettings settings) throws Exception;
  }

  /** The name of our client. */
  public static final String OURS = "ours";

  /** The raw-socket baselines run up to this many callers (one socket each). */
  public static final int RAW_MAX_CALLERS = 16;

  /** The specs for {@code names} (see {@link BenchSettings#ALL_CLIENTS}), in that order. */
  public static List<ClientSpec> forNames(List<String> names) {
    return names.stream().map(ClientSpec::forName).toList();
  }

  private static ClientSpec forName(String name) {
    if (name.startsWith(BenchSettings.BEFORE))
      return Baseline.spec(name, BenchSettings.baselineFor(name));
    return switch (name) {
      case OURS -> ours(name, Protocol.TEXT);
      case "ours-micrometer" ->
          new ClientSpec(name, false, Integer.MAX_VALUE, OursAdapter::openWithMicrometer);
      case "ours-otel" ->
          new ClientSpec(name, false, Integer.MAX_VALUE, OursAdapter::openWithOpenTelemetry);
      case "ours-binary" -> ours(name, Protocol.BINARY);
      case "ours-meta" -> ours(name, Protocol.META);
      case "spymemcached" -> new ClientSpec(name, true, Integer.MAX_VALUE, SpyAdapter::open);
      case "xmemcached-1" -> peer(name, (h, s) -> XmemcachedAdapter.open(h, s, 1));
      case "xmemcached-4" -> peer(name, (h, s) -> XmemcachedAdapter.open(h, s, 4));
      case "folsom-ascii" -> peer(name, (h, s) -> FolsomAdapter.open(h, s, false));
      case "folsom-binary" -> peer(name, (h, s) -> FolsomAdapter.open(h, s, true));
      case "raw-socket" -> raw(name, Protocol.TEXT);
      case "raw-binary" -> raw(name, Protocol.BINARY);
      case "raw-meta" -> raw(name, Protocol.META);
      default -> throw new IllegalArgumentException("unknown client '" + name + "'");
    };
  }

  private static ClientSpec ours(String name, Protocol protocol) {
    return new ClientSpec(
        name, false, Integer.MAX_VALUE, (h, s) -> OursAdapter.open(h, s, protocol));
  }

  private static ClientSpec peer(String name, Factory factory) {
    return new ClientSpec(name, true, Integer.MAX_VALUE, factory);
  }

  private static ClientSpec raw(String name, Protocol protocol) {
    return new ClientSpec(
        name, false, RAW_MAX_CALLERS, (h, s) -> RawSocketAdapter.open(h, s, protocol));
  }

  /**
   * The raw-socket baseline of an {@code ours*} client's protocol ({@code raw-socket}, {@code
   * raw-binary} or {@code raw-meta}), or {@code null} for any other client.
   */
  public static String rawBaselineOf(String client) {
    if (!client.startsWith(OURS)) return null;
    if (client.equals("ours-binary")) return "raw-binary";
    if (client.equals("ours-meta")) return "raw-meta";
    return "raw-socket";
  }

  /** Whether this is a raw-socket baseline (one server only). */
  public boolean raw() {
    return name.startsWith("raw-");
  }

  /**
   * Whether the client has noreply (or fire-and-forget) writes: Folsom and the raw sockets do not.
   */
  public boolean hasNoReply() {
    return !name.startsWith("folsom") && !raw();
  }
}
