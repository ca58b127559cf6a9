"""reports.services.reminders: reminders before and on the due date, each sent once;
the responsible leaders told once when an office is two cycles late; the beat entry."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from notifications.models import Notification
from reports.enums import ReminderKind, ReportKind, ReportState
from reports.models import Report, ReportReminder
from reports.services import periods, reminders
from reports.services.submissions import report_submit
from reports.tasks import send_due_report_reminders
from tests.factories import PersonFactory, UserFactory
from tests.reports.factories import KeyTaskFactory, monthly_report
from workcalendar.workdays import SHANGHAI

pytestmark = pytest.mark.django_db


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def leader(db):
    user = UserFactory(username="leader", name="分管院领导")
    return PersonFactory(name="分管院领导", user=user)


@pytest.fixture
def task(department_a, leader):
    return KeyTaskFactory(lead_office=department_a, leaders=[leader])


@pytest.fixture
def september(statutory_calendar, task):
    (report,) = periods.open_month(year=2026, month=9)  # due Monday 14 September
    return report


def _to(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("pk").values_list("subject", flat=True)
    )


def test_nothing_before_the_reminders_moment(september, applicant_a):
    assert reminders.send_due_office_reminders(now=at(2026, 9, 9, 7, 59)) == []
    assert _to(applicant_a) == []


def test_reminded_three_working_days_before_then_on_the_day_once_each(
    september, applicant_a, head_a
):
    sent = reminders.send_due_office_reminders(now=at(2026, 9, 9, 8, 0))
    assert [r.kind for r in sent] == [ReminderKind.BEFORE_DUE]
    assert sent[0].recipients == 2
    assert reminders.send_due_office_reminders(now=at(2026, 9, 9, 8, 15)) == []

    sent = reminders.send_due_office_reminders(now=at(2026, 9, 14, 8, 0))
    assert [r.kind for r in sent] == [ReminderKind.ON_DUE]
    assert reminders.send_due_office_reminders(now=at(2026, 9, 14, 9, 0)) == []
    assert _to(applicant_a) == [
        "请于2026年9月14日前报送：心内科 2026年9月月度报告",
        "今天是报送截止日：心内科 2026年9月月度报告",
    ]
    assert len(_to(head_a)) == 2


def test_a_submitted_report_is_not_reminded(september, applicant_a):
    report_submit(report=september, by=applicant_a, text="进展")
    Notification.objects.all().delete()
    sent = reminders.send_due_office_reminders(now=at(2026, 9, 14, 8, 0))
    assert [r.recipients for r in sent] == [0, 0]
    assert _to(applicant_a) == []


def test_a_reminder_found_after_the_due_date_tells_nobody(september, applicant_a):
    sent = reminders.send_due_office_reminders(now=at(2026, 9, 16, 8, 0))
    assert len(sent) == 2
    assert _to(applicant_a) == []


def test_the_sweep_opens_the_month_and_reminds(statutory_calendar, task, applicant_a):
    sent = reminders.send_due_report_reminders(now=at(2026, 9, 9, 8, 0))
    assert Report.objects.filter(year=2026, month=9).count() == 1
    assert [(r.report.kind, r.kind) for r in sent] == [
        (ReportKind.MONTHLY, ReminderKind.BEFORE_DUE)
    ]
    assert reminders.send_due_report_reminders(now=at(2026, 9, 9, 8, 0)) == []


# --- two cycles late ------------------------------------------------------------------------------


def _overdue(task, month):
    return monthly_report(task, month=month, due_on=datetime.date(2026, month, 12))


def test_one_overdue_month_does_not_reach_the_leaders(task, leader):
    _overdue(task, 8)
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 8)) == []


def test_two_overdue_months_tell_the_leaders_once(task, leader):
    _overdue(task, 8)
    september = _overdue(task, 9)
    sent = reminders.send_leader_reminders(now=at(2026, 9, 20, 8))
    assert [(r.report_id, r.kind, r.recipients) for r in sent] == [
        (september.pk, ReminderKind.LEADERS, 1)
    ]
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 9)) == []
    assert _to(leader.user) == ["心内科连续两个月未报送工作报告"]


def test_a_third_month_does_not_remind_again(task, leader):
    _overdue(task, 7)
    _overdue(task, 8)
    reminders.send_leader_reminders(now=at(2026, 8, 20, 8))
    _overdue(task, 9)
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 8)) == []
    assert len(_to(leader.user)) == 1


def test_a_long_streak_found_late_reminds_once_for_the_latest_pair(task, leader):
    for month in range(1, 10):
        _overdue(task, month)
    sent = reminders.send_leader_reminders(now=at(2026, 9, 20, 8))
    assert [r.report.month for r in sent] == [9]
    assert reminders.send_leader_reminders(now=at(2026, 9, 21, 8)) == []
    assert len(_to(leader.user)) == 1


def test_the_streak_going_on_reminds_every_second_month(task, leader):
    for month in (7, 8):
        _overdue(task, month)
    assert len(reminders.send_leader_reminders(now=at(2026, 8, 20, 8))) == 1
    _overdue(task, 9)
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 8)) == []
    _overdue(task, 10)
    assert len(reminders.send_leader_reminders(now=at(2026, 10, 20, 8))) == 1


def test_a_month_submitted_in_between_breaks_the_streak(task, leader):
    _overdue(task, 7)
    monthly_report(task, month=8, state=ReportState.SUBMITTED)
    _overdue(task, 9)
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 8)) == []


def test_december_and_january_are_consecutive(task, leader):
    monthly_report(task, year=2025, month=12, due_on=datetime.date(2025, 12, 12))
    monthly_report(task, year=2026, month=1, due_on=datetime.date(2026, 1, 12))
    assert len(reminders.send_leader_reminders(now=at(2026, 1, 20, 8))) == 1


def test_each_office_of_a_task_counts_alone(task, department_b, leader):
    task.cooperating_offices.add(department_b)
    _overdue(task, 8)
    monthly_report(task, department_b, month=9, due_on=datetime.date(2026, 9, 12))
    assert reminders.send_leader_reminders(now=at(2026, 9, 20, 8)) == []


def test_not_yet_past_the_due_date_is_not_late(task, leader):
    _overdue(task, 8)
    _overdue(task, 9)
    assert reminders.send_leader_reminders(now=at(2026, 9, 12, 8)) == []


def test_leader_reminder_row_is_unique(task, leader):
    _overdue(task, 8)
    september = _overdue(task, 9)
    reminders.send_leader_reminders(now=at(2026, 9, 20, 8))
    assert ReportReminder.objects.filter(report=september, kind=ReminderKind.LEADERS).count() == 1


def test_the_beat_runs_the_sweep(task, applicant_a):
    today = timezone.localdate()
    report = monthly_report(task, year=today.year, month=today.month, due_on=today)
    ReportReminder.objects.create(
        report=report, kind=ReminderKind.ON_DUE, due_at=timezone.now() - datetime.timedelta(hours=1)
    )

    send_due_report_reminders.delay()

    assert ReportReminder.objects.get(report=report).sent_at is not None
    assert len(_to(applicant_a)) == 1
    assert settings.CELERY_BEAT_SCHEDULE["reports-send-due-report-reminders"] == {
        "task": "reports.tasks.send_due_report_reminders",
        "schedule": datetime.timedelta(minutes=15),
    }
