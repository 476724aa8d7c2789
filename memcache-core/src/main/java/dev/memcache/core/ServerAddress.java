package dev.memcache.core;

/**
 * One server: host, port and routing weight. Parsed from {@code "host:port"}, {@code "host:port
 * weight"} or {@code "host"} (port 11211); IPv6 literals go in brackets ({@code "[::1]:11211"}).
 *
 * @param host host name or IP literal (without brackets)
 * @param port TCP port, 1-65535
 * @param weight routing weight, at least 1
 */
public record ServerAddress(String host, int port, int weight) {
  /** The memcached port. */
  public static final int DEFAULT_PORT = 11211;

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException for a blank host, a port out of range or a weight below 1
   */
  public ServerAddress {
    if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
      throw new IllegalArgumentException("bad server host '" + host + "'");
    }
    if (port < 1 || port > 65535)
      throw new IllegalArgumentException("bad server port " + port + " for " + host);
    if (weight < 1)
      throw new IllegalArgumentException(
          "server weight must be at least 1, was " + weight + " for " + host);
  }

  /**
   * Parses {@code "host[:port][ weight]"}; throws {@link IllegalArgumentException} naming the text.
   *
   * @param text the address, as in {@code servers(...)}
   * @return the address
   * @throws IllegalArgumentException naming the text, when it is not an address
   */
  public static ServerAddress parse(String text) {
    if (text == null) throw new IllegalArgumentException("server address is null");
    String s = text.strip();
    int weight = 1;
    int space = s.lastIndexOf(' ');
    try {
      if (space > 0) {
        weight = Integer.parseInt(s.substring(space + 1).strip());
        s = s.substring(0, space).strip();
      }
      String host;
      int port = DEFAULT_PORT;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0) throw new IllegalArgumentException("unclosed '['");
        host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) throw new IllegalArgumentException("expected ':' after ']'");
          port = Integer.parseInt(rest.substring(1));
        }
      } else {
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && s.indexOf(':') != colon)
          throw new IllegalArgumentException("IPv6 addresses go in brackets");
        host = colon < 0 ? s : s.substring(0, colon);
        if (colon >= 0) port = Integer.parseInt(s.substring(colon + 1));
      }
      return new ServerAddress(host, port, weight);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad server address '" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code host:port}, with brackets around IPv6 literals. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
