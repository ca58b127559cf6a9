"""Beat's heartbeat (core/beat.py) and ``manage.py beat_health``, docker-compose.yml's beat health check."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from celery.signals import after_task_publish, beat_init
from django.conf import settings
from django.core.management import call_command

from core import beat


@pytest.fixture
def fresh_process(monkeypatch):
    """A process that has not (yet) become beat and has written no heartbeat."""
    monkeypatch.setitem(beat._state, "in_beat", False)
    monkeypatch.setitem(beat._state, "written_at", None)


def _beat_health(*args):
    """(exit status, standard output, standard error) of ``manage.py beat_health``."""
    out, err = StringIO(), StringIO()
    try:
        call_command("beat_health", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    else:
        code = 0
    return code, out.getvalue(), err.getvalue()


def test_a_task_sent_by_beat_records_a_tick(fresh_process):
    beat_init.send(sender=None)
    after_task_publish.send(sender="notifications.tasks.send_pending_email", body=(), exchange="")

    assert beat.last_tick() is not None
    assert datetime.now(UTC) - beat.last_tick() < timedelta(seconds=5)
    assert beat.is_alive()


def test_a_task_sent_by_web_or_worker_records_nothing(fresh_process):
    after_task_publish.send(sender="notifications.tasks.send_pending_email", body=(), exchange="")

    assert beat.last_tick() is None
    assert not beat.is_alive()


def test_beat_writes_the_heartbeat_at_most_every_write_every_seconds(fresh_process):
    beat_init.send(sender=None)
    with mock.patch.object(beat, "record_tick", wraps=beat.record_tick) as record:
        for _ in range(5):
            after_task_publish.send(sender="x", body=(), exchange="")
        assert record.call_count == 1
        beat._state["written_at"] -= beat.WRITE_EVERY + 1
        after_task_publish.send(sender="x", body=(), exchange="")
        assert record.call_count == 2


def test_beat_health_passes_after_a_recent_tick():
    beat.record_tick(now=datetime.now(UTC) - timedelta(minutes=4))

    code, out, err = _beat_health()

    assert code == 0
    assert "正常" in out
    assert "beat is running" in out
    assert err == ""


def test_beat_health_fails_without_any_tick_in_chinese_and_english():
    code, out, err = _beat_health()

    assert code == 1
    assert "没有心跳记录" in err
    assert "no heartbeat" in err
    assert out == ""


def test_beat_health_fails_when_the_last_tick_is_older_than_the_limit():
    beat.record_tick(now=datetime.now(UTC) - timedelta(minutes=6))

    code, _out, err = _beat_health()

    assert code == 1
    assert "6 分钟没有发出任务" in err
    assert "sent no task for 6 minutes" in err


def test_beat_health_takes_its_limit_in_minutes():
    beat.record_tick(now=datetime.now(UTC) - timedelta(minutes=6))

    assert _beat_health("--minutes", "10")[0] == 0
    assert _beat_health("--minutes", "2")[0] == 1


def test_beat_sends_a_task_more_often_than_the_heartbeat_goes_stale():
    """The heartbeat relies on beat sending something every few minutes: at least
    one periodic task of the settings runs more often than STALE_AFTER."""
    shortest = min(entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values())

    assert shortest * 2 <= beat.STALE_AFTER
