"""The cache on Redis, tolerant of Redis being down.

The cache only spares the database work (the publicity board); it never
holds anything the product cannot rebuild. So when Redis cannot be reached a
read is a miss and a write is dropped, with a warning in the log, and the
page is answered from the database instead of failing: a decision that has
committed must not come back as an error page because clearing the board's
cache after commit failed. Django's own ``RedisCache`` raises instead.
"""

import logging

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
