"""The Django half of DjangoSharingDemo: a Django cache over the same memcached servers as the JVM.

Usage: django_shares_with_jvm.py host:port[,host:port...]
Reads what the JVM stored under Django's key names, then stores values of its own. Exit status 3
when Django or pymemcache is missing, 1 when a value is not what the JVM stored.
"""
import sys

try:
    import django
    from django.conf import settings
except ImportError as e:
    print(e, file=sys.stderr)
    sys.exit(3)

# The settings a Django site would have in settings.py; the JVM mirrors them (see the demo).
settings.configure(CACHES={
    "default": {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": sys.argv[1].split(","),
        "KEY_PREFIX": "shop",
        "VERSION": 1,
    }
})
django.setup()
from django.core.cache import cache  # noqa: E402

EXPECTED = {
    "cart:42": {"items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}], "total": 31.5},
    "greeting": "h\u00e9llo from the JVM",
    "stock:A-1": 17,
}
got = cache.get_many(list(EXPECTED))
ok = True
for key, want in EXPECTED.items():
    same = got.get(key) == want
    ok = ok and same
    print("%-10s %s %r" % (key, "ok" if same else "MISMATCH", got.get(key)))
print("cache.incr('stock:A-1') ->", cache.incr("stock:A-1"))

cache.set("session:7", {"user": "ada", "roles": ("admin", "dev"), "remember": True})
cache.set_many({"product:A-1": "Anvil", "product:B-7": "Bellows"})
cache.set("banner", "version two banner", version=2)
print("Django stored session:7, product:A-1, product:B-7 and banner (version=2)")
sys.exit(0 if ok else 1)
