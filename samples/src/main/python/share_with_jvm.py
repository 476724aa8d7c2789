"""The Python half of PythonSharingDemo: reads what the JVM stored, writes values back.

Run by the demo with Debian's python3 and its memcached clients:
    apt-get install python3 python3-memcache python3-pymemcache
Usage: share_with_jvm.py HOST:PORT. Exit 3 when a module is missing, 1 when a value is not what
the JVM stored.
"""
import sys

try:
    import memcache
    import pymemcache
    from pymemcache import serde
    from pymemcache.client.base import Client as Pymemcache
except ImportError as e:
    print('MISSING-MODULE', e, file=sys.stderr)
    sys.exit(3)

# What the JVM stored, as Python sees it (keep in step with PythonSharingDemo.JVM_VALUES).
EXPECTED = {
    'jvm:str': 'h\u00e9llo from the JVM \u2713',
    'jvm:int': 42,
    'jvm:dict': {'name': 'Ada', 'langs': ['java', 'python'], 'visits': 3},
    'jvm:list': [1, 'two', 3.5, None],
    'jvm:bool': True,
    'jvm:float': 3.14159,
    'jvm:text-zlib': 'All work and no play makes Jack a dull boy. ' * 1000,
}
COMPRESSED = {'jvm:text-zlib'}  # pymemcache reads zlib only from 4.0 on; Debian has 3.5


def show(value):
    text = repr(value)
    return text if len(text) <= 60 else '%s (%d chars)' % (text[:50] + "...'", len(value))


def main(address):
    host, port = address.rsplit(':', 1)
    classic = memcache.Client([address])
    modern = Pymemcache((host, int(port)), serde=serde.pickle_serde)

    found = classic.get_multi(list(EXPECTED))
    print('python-memcached %s read:' % memcache.__version__)
    wrong = 0
    for key, expected in EXPECTED.items():
        value = found.get(key)
        ok = value == expected and type(value) is type(expected)
        wrong += not ok
        print('  %-14s %-5s %s%s' % (key, type(value).__name__, show(value), '' if ok else '   <-- expected %r' % (expected,)))
    plain = [k for k in EXPECTED if k not in COMPRESSED]
    same = modern.get_many(plain) == {k: found.get(k) for k in plain}
    wrong += not same
    print('pymemcache %s read the %d uncompressed values %s' % (
        pymemcache.__version__, len(plain), 'alike' if same else 'DIFFERENTLY'))

    classic.set('py:dict', {'lang': 'python', 'versions': [3, 11], 'nested': {'ok': True}})
    classic.set('py:tuple', ('a', 1, 2.5, None))
    classic.set('py:unicode', 'na\u00efve caf\u00e9 \u2014 \u6771\u4eac \U0001F40D')
    modern.set('py:set', {2, 3, 5, 7}, noreply=False)
    modern.set('py:bigint', 2**64 + 5, noreply=False)
    print('python-memcached wrote py:dict, py:tuple, py:unicode; pymemcache wrote py:set, py:bigint')
    return 1 if wrong else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
