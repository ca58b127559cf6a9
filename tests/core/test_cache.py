"""core.cache.TolerantRedisCache: with Redis down a read misses and a write is dropped."""

from core.cache import TolerantRedisCache
from tests.drills.conftest import closed_port


def _down_cache():
    return TolerantRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )


def test_reads_miss_while_redis_is_down():
    cache = _down_cache()
    assert cache.get("board", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("board") is False


def test_writes_are_dropped_while_redis_is_down():
    cache = _down_cache()
    assert cache.set("board", "x") is None
    assert cache.add("board", "x") is False
    assert cache.delete("board") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.set_many({"a": 1}) == []
