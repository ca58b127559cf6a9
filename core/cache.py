"""The cache on Redis, tolerant of Redis being down.

The cache only spares the database work (the publicity board, each user's
permissions and unread count: ``kept`` below); it never
holds anything the product cannot rebuild. So when Redis cannot be reached a
read is a miss and a write is dropped, with a warning in the log, and the
page is answered from the database instead of failing: a decision that has
committed must not come back as an error page because clearing the board's
cache after commit failed. Django's own ``RedisCache`` raises instead.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _tolerant(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unreachable (%s); %s skipped", error, method.__name__)
            return fallback() if callable(fallback) else fallback

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call


class TolerantRedisCacheClient(RedisCacheClient):
    add = _tolerant(RedisCacheClient.add, False)
    set = _tolerant(RedisCacheClient.set, None)
    touch = _tolerant(RedisCacheClient.touch, False)
    delete = _tolerant(RedisCacheClient.delete, False)
    get_many = _tolerant(RedisCacheClient.get_many, dict)
    has_key = _tolerant(RedisCacheClient.has_key, False)
    set_many = _tolerant(RedisCacheClient.set_many, list)
    delete_many = _tolerant(RedisCacheClient.delete_many, None)
    clear = _tolerant(RedisCacheClient.clear, False)

    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNREACHABLE as error:
            logger.warning("cache unreachable (%s); get skipped", error)
            return default


class TolerantRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose reads miss and writes
    are dropped while Redis is unreachable (``incr`` still raises: nothing uses it)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient


# --- values kept under a version ----------------------------------------------------


def kept(key, version_keys, compute, timeout):
    """``compute()``, kept in the cache under ``key`` while each of ``version_keys``
    holds the version it was computed under.

    ``renew(version_key)``, called in the transaction that changes what
    ``compute`` reads, sets a new version once it commits, so every value kept
    under the old one is stale at once. A value computed from the database
    just before that commit is stored under the old version, so it cannot
    outlive the change either (deleting the value instead could race with
    such a store). ``timeout`` bounds how long a change can go unseen when the
    cache could not be told (Redis down at that moment), or is a function of
    the value that says it. One round trip to the cache on a hit.
    """
    found = cache.get_many([*version_keys, key])
    versions = tuple(found.get(version_key) for version_key in version_keys)
    entry = found.get(key)
    if None not in versions and entry is not None and entry[0] == versions:
        return entry[1]
    value = compute()
    missing = {
        version_key: uuid.uuid4().hex
        for version_key, version in zip(version_keys, versions, strict=True)
        if version is None
    }
    # add(): another process may have set a version meanwhile; then store nothing.
    if not all(cache.add(version_key, new, None) for version_key, new in missing.items()):
        return value
    versions = tuple(missing.get(k, v) for k, v in zip(version_keys, versions, strict=True))
    cache.set(key, (versions, value), timeout(value) if callable(timeout) else timeout)
    return value


def renew_now(*version_keys):
    """Values kept under these versions are stale from now on."""
    cache.set_many({key: uuid.uuid4().hex for key in version_keys}, None)


def renew(*version_keys):
    """Values kept under these versions are stale once the current transaction commits."""
    from django.db import transaction

    transaction.on_commit(lambda: renew_now(*version_keys), robust=True)
