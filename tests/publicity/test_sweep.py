"""The beat sweep closes each publicity at its deadline, once: a conditional update
that acts only when it changed the row, so running it twice does nothing twice."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection

from notifications.models import Notification
from publicity.enums import ObjectionState, PublicityState
from publicity.models import Objection, PublicityEvent
from publicity.services.board import BOARD_CACHE_KEY
from publicity.services.publicities import close_due_publicities, publicity_open
from publicity.tasks import close_due_publicities as close_due_publicities_task
from tests.conftest import needs_postgresql
from tests.factories import publicity_of
from tests.publicity.conftest import at

pytestmark = pytest.mark.usefixtures("statutory_calendar")

# Opened for Friday 2026-09-18: the deadline is 24:00 on Wednesday 2026-09-23.
DEADLINE = at(2026, 9, 24, 0, 0)
CLOSED_SUBJECT = "“2026年度清廉科室评选”公示期满，无未办结的异议"


@pytest.fixture
def publicity(decided, party_office, discipline_office):
    return publicity_open(
        campaign=decided, by=party_office, starts_on=datetime.date(2026, 9, 18), now=at(2026, 9, 1)
    )


def _objection(publicity, objector, state=ObjectionState.SUBMITTED, n=1):
    application = publicity.campaign.applications.order_by("unit__code").first()
    objection = Objection.objects.create(
        publicity=publicity,
        application=application,
        objector=objector,
        receipt_number=f"YY2026{n:04d}",
        content="该科室存在收受红包的情况。",
    )
    Objection.objects.filter(pk=objection.pk).update(state=state)
    return objection


def _close_events(publicity):
    return PublicityEvent.objects.filter(subject=publicity).exclude(transition="open")


def test_sweep_before_the_deadline_closes_nothing(publicity):
    assert close_due_publicities(now=DEADLINE - datetime.timedelta(seconds=1)) == []
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.OPEN
    assert publicity.closed_at is None
    assert not _close_events(publicity).exists()


def test_sweep_at_the_deadline_closes_once(publicity, party_office, discipline_office):
    closed = close_due_publicities(now=DEADLINE)
    assert [p.pk for p in closed] == [publicity.pk]
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    assert publicity.closed_at == DEADLINE
    event = _close_events(publicity).get()
    assert (event.actor, event.transition, event.from_state, event.to_state) == (
        None,
        "close",
        "open",
        "closed",
    )
    assert event.reason == "公示期满（2026年9月18日至2026年9月23日），无未办结的异议，公示结束。"
    notifications = Notification.objects.filter(subject=CLOSED_SUBJECT)
    assert [n.recipient for n in notifications] == [party_office]
    assert notifications.get().url == f"/publicity/{publicity.pk}/"


def test_sweep_twice_closes_once_and_notifies_once(publicity, party_office):
    assert len(close_due_publicities(now=DEADLINE)) == 1
    assert close_due_publicities(now=DEADLINE + datetime.timedelta(minutes=1)) == []
    publicity.refresh_from_db()
    assert publicity.closed_at == DEADLINE
    assert _close_events(publicity).count() == 1
    assert Notification.objects.filter(subject=CLOSED_SUBJECT).count() == 1


def test_sweep_delayed_by_a_down_worker_closes_at_its_next_run(publicity, party_office):
    """The worker was down at the deadline and runs two days later: same result, once."""
    later = DEADLINE + datetime.timedelta(days=2, minutes=3)
    closed = close_due_publicities(now=later)
    assert [p.pk for p in closed] == [publicity.pk]
    assert close_due_publicities(now=later + datetime.timedelta(minutes=1)) == []
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED
    assert publicity.closed_at == later
    event = _close_events(publicity).get()
    assert (event.transition, event.to_state) == ("close", "closed")
    assert Notification.objects.filter(subject=CLOSED_SUBJECT).count() == 1


def test_sweep_with_open_objections_closes_pending(
    publicity, staff, party_office, discipline_office
):
    _objection(publicity, staff, ObjectionState.SUBMITTED, n=1)
    _objection(publicity, staff, ObjectionState.TAKEN_UP, n=2)
    _objection(publicity, staff, ObjectionState.DISMISSED, n=3)
    closed = close_due_publicities(now=DEADLINE)
    assert [p.pk for p in closed] == [publicity.pk]
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED_PENDING
    event = _close_events(publicity).get()
    assert (event.actor, event.transition, event.to_state) == (
        None,
        "close_pending",
        "closed_pending",
    )
    assert event.reason == "公示期满（2026年9月18日至2026年9月23日），尚有 2 件异议未办结。"
    subject = "“2026年度清廉科室评选”公示期满，尚有 2 件异议待办结"
    notified = Notification.objects.filter(subject=subject)
    assert {n.recipient for n in notified} == {party_office, discipline_office}
    assert not Notification.objects.filter(subject=CLOSED_SUBJECT).exists()
    # The objector is never named.
    assert all(staff.name not in n.body for n in notified)


def test_sweep_with_only_settled_objections_closes(publicity, staff):
    _objection(publicity, staff, ObjectionState.UPHELD, n=1)
    _objection(publicity, staff, ObjectionState.DISMISSED, n=2)
    close_due_publicities(now=DEADLINE)
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED


def test_sweep_leaves_a_publicity_closed_pending_alone(publicity, staff):
    _objection(publicity, staff)
    close_due_publicities(now=DEADLINE)
    assert close_due_publicities(now=DEADLINE + datetime.timedelta(days=1)) == []
    assert _close_events(publicity).count() == 1


def test_sweep_clears_the_board_cache_after_commit(publicity, django_capture_on_commit_callbacks):
    cache.set(BOARD_CACHE_KEY, {"current": [], "archive": []})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        close_due_publicities(now=DEADLINE)
        assert cache.get(BOARD_CACHE_KEY) is not None  # not before the commit
    assert callbacks
    assert cache.get(BOARD_CACHE_KEY) is None


def test_sweep_that_closes_nothing_keeps_the_board_cache(
    publicity, django_capture_on_commit_callbacks
):
    cache.set(BOARD_CACHE_KEY, {"current": [], "archive": []})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        close_due_publicities(now=DEADLINE - datetime.timedelta(minutes=1))
    assert callbacks == []
    assert cache.get(BOARD_CACHE_KEY) is not None


def test_beat_task_closes_due_publicities(decided, party_office):
    publicity = publicity_of(
        decided, party_office, ends_at=at(2026, 9, 24, 0, 0) - datetime.timedelta(days=60)
    )
    close_due_publicities_task.delay()
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.CLOSED


def test_beat_schedule_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["publicity-close-due-publicities"]
    assert entry["task"] == "publicity.tasks.close_due_publicities"
    assert entry["schedule"] == datetime.timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
@needs_postgresql
def test_two_workers_sweeping_at_once_close_once(publicity, party_office):
    closed = []
    barrier = threading.Barrier(2)

    def sweep():
        barrier.wait()
        try:
            closed.extend(close_due_publicities(now=DEADLINE))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [p.pk for p in closed] == [publicity.pk]
    assert _close_events(publicity).count() == 1
    assert Notification.objects.filter(subject=CLOSED_SUBJECT).count() == 1
