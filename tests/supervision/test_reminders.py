"""Reminders about ledger items: rows swept by the beat task with a conditional update,
each sent once, only while the item waits for the department."""

import datetime

import pytest
from django.conf import settings

from notifications.models import Notification
from supervision.enums import ReminderKind
from supervision.models import LedgerReminder
from supervision.services import ledger
from supervision.services.reminders import send_due_ledger_reminders
from supervision.tasks import send_due_ledger_reminders as task
from tests.supervision.factories import ledger_item_of, rectified
from workcalendar.workdays import SHANGHAI

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("statutory_calendar", "media_root")]


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def item_a(discipline_office, department_a, head_a, applicant_a):
    return ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)


def _reminded(subject):
    return set(
        Notification.objects.filter(subject=subject).values_list("recipient__username", flat=True)
    )


def test_before_due_reminder_goes_once_at_its_time(item_a):
    assert send_due_ledger_reminders(now=at(2026, 6, 10, 7, 59)) == []
    sent = send_due_ledger_reminders(now=at(2026, 6, 10, 8, 0))
    again = send_due_ledger_reminders(now=at(2026, 6, 10, 8, 15))

    assert [r.kind for r in sent] == [ReminderKind.BEFORE_DUE]
    assert again == []
    assert _reminded("心内科的整改事项将于2026年6月15日到期") == {"applicant_a", "head_a"}
    assert LedgerReminder.objects.get(kind=ReminderKind.BEFORE_DUE).recipients == 2


def test_overdue_reminder_after_the_due_date(item_a):
    send_due_ledger_reminders(now=at(2026, 6, 10, 8, 0))
    assert send_due_ledger_reminders(now=at(2026, 6, 15, 23, 59)) == []
    sent = send_due_ledger_reminders(now=at(2026, 6, 16, 0, 0))
    assert [r.kind for r in sent] == [ReminderKind.OVERDUE]
    assert _reminded("心内科的整改事项已逾期（期限2026年6月15日）") == {"applicant_a", "head_a"}
    assert send_due_ledger_reminders(now=at(2026, 6, 17, 9, 0)) == []


def test_a_before_due_reminder_found_late_is_marked_and_not_sent(item_a):
    sent = send_due_ledger_reminders(now=at(2026, 6, 17, 9, 0))
    assert {r.kind for r in sent} == {ReminderKind.BEFORE_DUE, ReminderKind.OVERDUE}
    assert not Notification.objects.filter(subject__contains="将于").exists()
    assert Notification.objects.filter(subject__contains="已逾期").count() == 2


def test_a_closed_item_is_never_reminded(item_a, applicant_a, discipline_office):
    rectified(item_a, applicant_a)
    ledger.ledger_close(item=item_a, by=discipline_office, now=at(2026, 6, 1, 9))
    assert send_due_ledger_reminders(now=at(2026, 6, 20, 9)) == []
    assert LedgerReminder.objects.filter(sent_at__isnull=True).count() == 2


def test_an_item_waiting_for_the_check_is_reminded_only_once_sent_back(
    item_a, applicant_a, discipline_office
):
    rectified(item_a, applicant_a)
    assert send_due_ledger_reminders(now=at(2026, 6, 16, 9)) == []
    ledger.ledger_send_back(item=item_a, by=discipline_office, reason="照片不清楚。")
    sent = send_due_ledger_reminders(now=at(2026, 6, 16, 9, 15))
    assert {r.kind for r in sent} == {ReminderKind.BEFORE_DUE, ReminderKind.OVERDUE}
    assert Notification.objects.filter(subject__contains="已逾期").count() == 2


def test_a_reminder_claimed_by_another_run_is_not_sent_again(item_a):
    LedgerReminder.objects.filter(kind=ReminderKind.BEFORE_DUE).update(sent_at=at(2026, 6, 10, 8))
    assert send_due_ledger_reminders(now=at(2026, 6, 10, 8, 15)) == []
    assert not Notification.objects.filter(subject__contains="将于").exists()


def test_the_task_runs_the_sweep(item_a):
    LedgerReminder.objects.update(due_at=at(2020, 1, 1))
    task.delay()
    assert LedgerReminder.objects.filter(sent_at__isnull=True).count() == 0


def test_the_beat_sweeps_every_quarter_hour():
    assert settings.CELERY_BEAT_SCHEDULE["supervision-send-due-ledger-reminders"] == {
        "task": "supervision.tasks.send_due_ledger_reminders",
        "schedule": datetime.timedelta(minutes=15),
    }
