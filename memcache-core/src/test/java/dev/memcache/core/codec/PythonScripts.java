package dev.memcache.core.codec;

/**
 * The Python halves of the interop tests, run by {@link Python}; shared with memcache-java's tests.
 */
public final class PythonScripts {
  private PythonScripts() {}

  /**
   * Reads "client \t key \t min_compress_len \t expression" lines and stores each value with that
   * client.
   */
  public static final String WRITER =
      """
      import collections
      from pymemcache.client.base import Client as Pymemcache
      from pymemcache import serde
      addr = sys.argv[1]
      host, port = addr.rsplit(':', 1)
      def connect(name):
          if name == 'python-memcached': return memcache.Client([addr])
          if name.startswith('python-memcached-protocol-'): return memcache.Client([addr], pickleProtocol=int(name[-1]))
          if name == 'pylibmc': return pylibmc.Client([addr])
          if name == 'pymemcache': return Pymemcache((host, int(port)), serde=serde.pickle_serde)
          raise ValueError(name)
      clients = {}
      for line in sys.stdin.read().splitlines():
          name, key, compress, expr = line.split('\\t', 3)
          client = clients.setdefault(name, connect(name))
          value = eval(expr)
          if name == 'pymemcache':
              stored = client.set(key, value, noreply=False)
          else:
              stored = client.set(key, value, min_compress_len=int(compress))
          print(key, 'stored' if stored else 'NOT STORED', sep='\\t')
      """;

  /**
   * Reads "client \t key \t expression" lines, gets each key with that client and prints whether
   * the value equals the expression, types included ({@code True} is not {@code 1}, a tuple not a
   * list).
   */
  public static final String READER =
      """
      import collections
      from pymemcache.client.base import Client as Pymemcache
      from pymemcache import serde
      addr = sys.argv[1]
      host, port = addr.rsplit(':', 1)
      clients = {
          'python-memcached': memcache.Client([addr]),
          'pylibmc': pylibmc.Client([addr]),
          'pymemcache': Pymemcache((host, int(port)), serde=serde.pickle_serde),
      }
      def canon(v):
          t = type(v).__name__
          if isinstance(v, (list, tuple)): return (t, tuple(canon(x) for x in v))
          if isinstance(v, (set, frozenset)): return (t, tuple(sorted(repr(canon(x)) for x in v)))
          if isinstance(v, dict): return (t, tuple(sorted((repr(canon(k)), repr(canon(x))) for k, x in v.items())))
          if isinstance(v, float): return (t, repr(v))
          return (t, v)
      for line in sys.stdin.read().splitlines():
          name, key, expr = line.split('\\t', 2)
          client = clients[name]
          try:
              found = client.get_many([key]) if name == 'pymemcache' else client.get_multi([key])
          except Exception as e:
              print(name, key, 'raised ' + type(e).__name__, sep='\\t')
              continue
          if key not in found:
              print(name, key, 'missing', sep='\\t')
          elif canon(found[key]) == canon(eval(expr)):
              print(name, key, 'same', sep='\\t')
          else:
              print(name, key, 'different: ' + repr(found[key])[:300], sep='\\t')
      """;

  /** Splits tab-separated output lines into "first second" -> rest. */
  public static java.util.Map<String, String> outcomes(String out, int keyFields) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", keyFields + 1);
      if (f.length == keyFields + 1)
        m.put(String.join(" ", java.util.Arrays.copyOf(f, keyFields)), f[keyFields]);
    }
    return m;
  }
}
