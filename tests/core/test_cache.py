"""core.cache: with Redis down a read misses and a write is dropped (TolerantRedisCache);
a value kept under versions is fresh again once a change renews one of them (kept, renew)."""

from unittest import mock

from django.db import transaction

from core.cache import TolerantRedisCache, kept, renew
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


# --- core.cache.kept / renew ------------------------------------------------------


class Source:
    """What ``kept`` computes from: a value and how often it was read."""

    def __init__(self, value):
        self.value = value
        self.reads = 0

    def read(self):
        self.reads += 1
        return self.value


def test_a_kept_value_is_computed_once_until_its_version_is_renewed(
    db, django_capture_on_commit_callbacks
):
    source = Source(1)
    assert kept("value", ("version",), source.read, 60) == 1
    assert kept("value", ("version",), source.read, 60) == 1
    assert source.reads == 1

    source.value = 2
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        renew("version")
        # Not before the change has committed.
        assert kept("value", ("version",), source.read, 60) == 1
    assert kept("value", ("version",), source.read, 60) == 2
    assert source.reads == 2


def test_any_of_several_versions_renewed_makes_the_value_stale(
    db, django_capture_on_commit_callbacks
):
    source = Source("a")
    versions = ("shared", "own")
    kept("value", versions, source.read, 60)
    for version in versions:
        source.value += "+"
        with django_capture_on_commit_callbacks(execute=True):
            renew(version)
        assert kept("value", versions, source.read, 60) == source.value
    assert source.reads == 3


def test_a_value_read_before_a_change_committed_is_not_served_after_it(
    db, django_capture_on_commit_callbacks
):
    """The race a delete would lose: a reader computes the old value, the change
    commits and renews, then the reader stores what it read."""
    source = Source("old")

    def read_then_change_commits():
        value = source.read()
        source.value = "new"
        with django_capture_on_commit_callbacks(execute=True):
            renew("version")
        return value

    assert kept("value", ("version",), read_then_change_commits, 60) == "old"
    assert kept("value", ("version",), source.read, 60) == "new"


def test_without_a_cache_the_value_is_computed_every_time():
    source = Source(7)
    with mock.patch("core.cache.cache", _down_cache()):
        assert kept("value", ("version",), source.read, 60) == 7
        assert kept("value", ("version",), source.read, 60) == 7
    assert source.reads == 2
