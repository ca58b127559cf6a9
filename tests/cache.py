"""The test suite's Redis cache: clearing it deletes this worker's keys only.

Django's ``RedisCache.clear()`` empties the whole Redis database (FLUSHDB).
The suite's workers run at once on one database (qinglian/settings_test.py),
each under its own KEY_PREFIX, and every test clears the cache before and
after itself (tests/conftest.py): a FLUSHDB would wipe the keys of a test
another worker is running.
"""

from core.cache import UNREACHABLE, TolerantRedisCache


class PrefixClearedRedisCache(TolerantRedisCache):
    """The product's cache backend, but ``clear()`` deletes only the keys under
    this cache's KEY_PREFIX (Django writes them as ``<prefix>:<version>:<key>``)."""

    def clear(self):
        client = self._cache.get_client(write=True)
        try:
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except UNREACHABLE:
            # As the product's backend: an unreachable Redis is a skipped clear.
            return False
        return True
