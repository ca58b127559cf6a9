"""Celery beat's heartbeat, for ``manage.py beat_health`` and ``/health/``.

Beat is the single clock (docker-compose.yml's ``beat`` service,
deploy/systemd/qinglian-beat.service): it sends the sweeps of
``settings.CELERY_BEAT_SCHEDULE``, several of them every minute. Each time beat
has handed a task to the broker, the time is kept in the cache (Redis in
production, shared by web, worker and beat; the file cache under
``QINGLIAN_VAR_DIR`` on a single machine), at most every ``WRITE_EVERY``. So the
heartbeat says "beat is running and its messages reach the broker", whatever the
broker, and does not depend on a worker taking them (the worker has its own
health check). Only beat writes it: a web or worker process that sends a task
(on commit) is not beat.
"""

import time
from datetime import UTC, datetime, timedelta

from celery.signals import after_task_publish, beat_embedded_init, beat_init
from django.core.cache import cache

HEARTBEAT_KEY = "core:beat-heartbeat"
# Beat sends a sweep every minute; five minutes without one is not a slow minute.
STALE_AFTER = timedelta(minutes=5)
WRITE_EVERY = 30  # seconds between two writes of the heartbeat

_state = {"in_beat": False, "written_at": None}


def record_tick(*, now=None):
    """Keep ``now`` (default: the current time) as beat's last tick. Side effect: one cache write."""
    now = now or datetime.now(UTC)
    cache.set(HEARTBEAT_KEY, now.timestamp(), timeout=None)


def last_tick():
    """When beat last sent a task (an aware datetime), or None when no tick is known."""
    value = cache.get(HEARTBEAT_KEY)
    if value is None:
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def is_alive(*, now=None, stale_after=STALE_AFTER):
    """True when beat's last tick is more recent than ``stale_after``."""
    last = last_tick()
    now = now or datetime.now(UTC)
    return last is not None and now - last <= stale_after


@beat_init.connect
@beat_embedded_init.connect
def _this_process_is_beat(**kwargs):
    _state["in_beat"] = True


@after_task_publish.connect
def _beat_sent_a_task(**kwargs):
    if not _state["in_beat"]:
        return
    written_at = _state["written_at"]
    if written_at is not None and time.monotonic() - written_at < WRITE_EVERY:
        return
    record_tick()
    _state["written_at"] = time.monotonic()
