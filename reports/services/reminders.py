"""Reminders of reports: rows swept by a beat task (docs/yearwork.md, "Reports").

Each report opens with two ``ReportReminder`` rows: N working days before its due
date (``hospital_profile().report_reminder_working_days``) and on the due date,
both at 08:00. The sweep claims a due row by setting ``sent_at`` with a
conditional update and sends only when that update changed exactly one row, so
running it twice, or on two workers, reminds once. A report submitted meanwhile
is marked sent to nobody.

Two cycles late: when an office has left both this month's and last month's
report on a task unsubmitted past their due dates, the task's responsible leaders
are told once (a ``leaders`` row on the later report, unique per report). Only each
office's latest pair counts; a streak that goes on reminds again every second month.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import full_date, site_language
from notifications.services import notify
from reports.enums import ReminderKind, ReportKind, ReportState
from reports.models import Report, ReportReminder
from reports.selectors import authors_of
from reports.services.periods import open_due_periods
from reports.services.submissions import report_url

logger = logging.getLogger(__name__)


def _remind_office(reminder, today):
    report = reminder.report
    values = {"report": str(report), "date": full_date(report.due_on)}
    if reminder.kind == ReminderKind.ON_DUE:
        subject = _("今天是报送截止日：%(report)s") % values
    else:
        subject = _("请于%(date)s前报送：%(report)s") % values
    recipients = authors_of(report)
    with site_language():
        notify(
            recipients=recipients,
            subject=subject,
            body=_("报送截止日期：%(date)s。") % values,
            url=report_url(report),
        )
    return len({user.pk for user in recipients if user is not None and user.is_active})


def send_due_office_reminders(*, now):
    """Send every before-due and on-due reminder whose moment has come, once."""
    sent = []
    today = timezone.localdate(now)
    due = ReportReminder.objects.filter(
        sent_at__isnull=True,
        due_at__lte=now,
        kind__in=[ReminderKind.BEFORE_DUE, ReminderKind.ON_DUE],
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            claimed = ReportReminder.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now)
            if claimed != 1:
                continue
            reminder = ReportReminder.objects.select_related(
                "report__office", "report__branch__secretary__user", "report__task"
            ).get(pk=pk)
            report = reminder.report
            # Submitted (or past the day): nothing to remind of; the row stays claimed.
            if report.state == ReportState.DUE and report.due_on >= today:
                reminder.recipients = _remind_office(reminder, today)
                reminder.save(update_fields=["recipients"])
            sent.append(reminder)
    return sent


def _previous_period(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def two_cycles_late(today):
    """The latest overdue monthly report of each (office, task) whose previous month's
    report is overdue too, when neither carries a leaders' reminder yet. Only the
    latest pair counts, so a sweep that first runs in the middle of a long streak
    reminds once, not once per month gone by. Two queries."""
    overdue = list(
        Report.objects.filter(
            kind=ReportKind.MONTHLY, state=ReportState.DUE, due_on__lt=today
        ).values_list("pk", "office_id", "task_id", "year", "month")
    )
    reminded = set(
        ReportReminder.objects.filter(
            kind=ReminderKind.LEADERS, report__in=[row[0] for row in overdue]
        ).values_list("report_id", flat=True)
    )
    by_key = {(office, task, year, month): pk for pk, office, task, year, month in overdue}
    latest = {}
    for pk, office, task, year, month in overdue:
        if (year, month) > latest.get((office, task), (0, 0, 0))[:2]:
            latest[(office, task)] = (year, month, pk)
    found = []
    for (office, task), (year, month, pk) in sorted(latest.items(), key=lambda item: item[1][2]):
        previous = by_key.get((office, task, *_previous_period(year, month)))
        if previous is None or pk in reminded or previous in reminded:
            continue
        found.append(pk)
    return found


def send_leader_reminders(*, now):
    """Tell the responsible leaders of each task whose office is two cycles late, once
    (the unique ``leaders`` row is the claim)."""
    sent = []
    for pk in two_cycles_late(timezone.localdate(now)):
        try:
            with transaction.atomic():
                reminder = ReportReminder.objects.create(
                    report_id=pk, kind=ReminderKind.LEADERS, due_at=now, sent_at=now
                )
                report = Report.objects.select_related("office", "task").get(pk=pk)
                leaders = [
                    person.user
                    for person in report.task.responsible_leaders.select_related("user")
                    if person.user_id
                ]
                values = {"office": report.office.name, "task": str(report.task)}
                with site_language():
                    notify(
                        recipients=leaders,
                        subject=_("%(office)s连续两个月未报送工作报告") % values,
                        body=_(
                            "您负责的重点任务“%(task)s”，%(office)s已连续两个月逾期未报送月度报告。"
                        )
                        % values,
                        url=report_url(report),
                    )
                reminder.recipients = len({user.pk for user in leaders if user.is_active})
                reminder.save(update_fields=["recipients"])
        except IntegrityError:  # another worker claimed it first
            continue
        sent.append(reminder)
    return sent


def send_due_report_reminders(*, now=None, today=None):
    """The beat sweep: open the period's rows, then send what is due, each once.

    Side effects: new report rows (``open_due_periods``); ``sent_at`` and
    ``recipients`` of each reminder sent; notifications to the offices (before and
    on the due date) and to the responsible leaders (two cycles late).
    Returns the reminders sent.
    """
    now = now or timezone.now()
    open_due_periods(today=today or timezone.localdate(now))
    return send_due_office_reminders(now=now) + send_leader_reminders(now=now)
