package dev.memcache.core;

/**
 * One server: host, port and routing weight.
 *
 * <p>{@link #parse} reads the server strings of this client and of the Python clients, so a
 * configuration can be copied from a Python service as it is:
 *
 * <ul>
 *   <li>{@code "host"} (port 11211), {@code "host:port"}, {@code "host:port weight"};
 *   <li>pylibmc's {@code "host:port:weight"} and {@code "[::1]:port:weight"};
 *   <li>python-memcached's {@code "inet:host:port"} and {@code "inet6:[::1]:port"} (its {@code
 *       ("host:port", weight)} tuples go through {@link #parse(String, int)});
 *   <li>IPv6 literals in brackets: {@code "[::1]:11211"}.
 * </ul>
 *
 * Refused with a message saying why: IPv6 literals without brackets (their colons cannot be told
 * from a port's), Unix sockets ({@code "/path"}, {@code "unix:path"}) and UDP ({@code "udp:host"}),
 * which this client does not speak.
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
   * @throws IllegalArgumentException for an empty host or one with whitespace or '/', a port
   *     outside 1-65535 or a weight below 1
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
   * Parses one server string in any of the forms listed on this class.
   *
   * @param text the server string
   * @return the server, weight 1 unless the text gives one
   * @throws IllegalArgumentException naming the text and the reason when it is not a server string
   */
  public static ServerAddress parse(String text) {
    return parse(text, -1, false);
  }

  /**
   * Parses {@code "host:port"} (any form listed on this class) and gives it {@code weight}, like
   * python-memcached's {@code ("host:port", weight)} server tuples.
   *
   * @param text the server string, without a weight of its own (or with this same weight)
   * @param weight the routing weight, at least 1
   * @return the server
   * @throws IllegalArgumentException when the text is not a server string, when it carries another
   *     weight, or when the weight is below 1
   */
  public static ServerAddress parse(String text, int weight) {
    return parse(text, weight, true);
  }

  /** Without {@code weightGiven}, the weight is the text's own, else 1. */
  private static ServerAddress parse(String text, int weight, boolean weightGiven) {
    if (text == null) throw new IllegalArgumentException("server address is null");
    try {
      if (weightGiven && weight < 1)
        throw new IllegalArgumentException("weight must be at least 1, was " + weight);
      String s = text.strip();
      if (s.startsWith("/") || s.startsWith("unix:"))
        throw new IllegalArgumentException("Unix sockets are not supported; give host:port");
      if (s.startsWith("udp:"))
        throw new IllegalArgumentException("UDP is not supported; give host:port (TCP)");
      if (s.startsWith("inet6:[")) s = s.substring("inet6:".length());
      else if (s.startsWith("inet:") && s.length() > "inet:".length()) s = s.substring(5);
      int ownWeight = -1;
      int space = s.lastIndexOf(' ');
      if (space > 0) {
        ownWeight = number(s.substring(space + 1).strip(), "weight");
        s = s.substring(0, space).strip();
      }
      String host;
      String port = null;
      String colonWeight = null;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0) throw new IllegalArgumentException("unclosed '['");
        host = s.substring(1, close);
        String rest = s.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) throw new IllegalArgumentException("expected ':' after ']'");
          String[] parts = rest.substring(1).split(":", -1);
          if (parts.length > 2) throw new IllegalArgumentException("too many ':' after ']'");
          port = parts[0];
          if (parts.length == 2) colonWeight = parts[1];
        }
      } else {
        String[] parts = s.split(":", -1);
        host = parts[0];
        if (parts.length == 2) port = parts[1];
        if (parts.length == 3 && isDigits(parts[1]) && isDigits(parts[2]) && !host.isEmpty()) {
          port = parts[1];
          colonWeight = parts[2]; // pylibmc's host:port:weight
        } else if (parts.length >= 3) {
          throw new IllegalArgumentException(
              "IPv6 addresses go in brackets ([::1]:11211); pylibmc's host:port:weight form needs"
                  + " a host name or IPv4 address and decimal port and weight");
        }
      }
      if (colonWeight != null) {
        if (ownWeight != -1) throw new IllegalArgumentException("two weights");
        ownWeight = number(colonWeight, "weight");
      }
      if (weight != -1 && ownWeight != -1 && weight != ownWeight)
        throw new IllegalArgumentException(
            "the text gives weight " + ownWeight + " and the caller " + weight);
      int w = weight != -1 ? weight : ownWeight != -1 ? ownWeight : 1;
      int p = port == null ? DEFAULT_PORT : number(port, "port");
      return new ServerAddress(host, p, w);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad server address '" + text + "': " + e.getMessage(), e);
    }
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static int number(String s, String what) {
    if (!isDigits(s) || s.length() > 9)
      throw new IllegalArgumentException(what + " '" + s + "' is not a decimal number");
    return Integer.parseInt(s);
  }

  /** {@code host:port}, with brackets around IPv6 literals. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
