"""Due dates and the report rows opened ahead (docs/yearwork.md, "Due dates").

A monthly report of month M is due on the hospital's report day of month M
(``hospital_profile().report_day``, default the 12th); a half-year summary on
15 July, an annual one on 15 January of the next year. A due date that falls
on a day off moves to the first working day after it (``workcalendar.workdays``).
A date in a year nobody confirmed in the calendar raises ``UnconfirmedYearError``:
the rows of that month are not opened, never guessed.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError
from departments.models import PartyBranch
from hospital.selectors import hospital_profile
from reports.enums import ANNUAL_DUE, HALF_YEAR_DUE, ReminderKind, ReportKind
from reports.models import Report, ReportReminder
from workcalendar.workdays import SHANGHAI, WorkCalendar
from workplan.models import KeyTask

logger = logging.getLogger(__name__)

# Reminders go out at the start of the working day.
REMIND_AT = datetime.time(8, 0)


def monthly_due_on(year, month, *, calendar=None, report_day=None):
    """The due date of the monthly reports of ``month``: the report day, or the first
    working day after it. Raises ``UnconfirmedYearError`` for an unconfirmed year."""
    calendar = calendar or WorkCalendar()
    day = report_day or hospital_profile().report_day
    return calendar.nth_working_day(datetime.date(year, month, day), 1)


def summary_due_on(kind, year, *, calendar=None):
    """The due date of a half-year or annual summary of ``year``."""
    calendar = calendar or WorkCalendar()
    if kind == ReportKind.HALF_YEAR:
        start = datetime.date(year, *HALF_YEAR_DUE)
    else:
        start = datetime.date(year + 1, *ANNUAL_DUE)
    return calendar.nth_working_day(start, 1)


def _reminders_of(report, *, calendar, lead_days):
    """The before-due (``lead_days`` working days before, 08:00) and on-due (08:00)
    reminder rows of ``report``, unsaved."""
    rows = [
        ReportReminder(
            report=report,
            kind=ReminderKind.ON_DUE,
            due_at=datetime.datetime.combine(report.due_on, REMIND_AT, tzinfo=SHANGHAI),
        )
    ]
    if lead_days:
        day = calendar.working_days_before(report.due_on, lead_days)
        rows.append(
            ReportReminder(
                report=report,
                kind=ReminderKind.BEFORE_DUE,
                due_at=datetime.datetime.combine(day, REMIND_AT, tzinfo=SHANGHAI),
            )
        )
    return rows


def _create(reports, calendar):
    lead_days = hospital_profile().report_reminder_working_days
    reminders = []
    for report in reports:
        reminders += _reminders_of(report, calendar=calendar, lead_days=lead_days)
    # Every date is computed before anything is written: a refusal writes nothing.
    with transaction.atomic():
        for report in reports:
            report.save()
        for reminder in reminders:
            reminder.report_id = reminder.report.pk
        ReportReminder.objects.bulk_create(reminders)
    return reports


def open_month(*, year, month):
    """Open the monthly report rows of ``month``: one per task of ``year``'s plan and
    per responsible office (the lead office and each cooperating office), with their
    due date and reminder rows. Rows already open are left as they are.

    Refused (``UnconfirmedYearError``, the calendar's message) when the due date or a
    reminder falls in a year nobody confirmed; nothing is written then.
    Side effects: the new ``Report`` rows (state due) and their ``ReportReminder`` rows.
    Returns the rows created (none when the year has no plan).
    """
    calendar = WorkCalendar()
    due_on = monthly_due_on(year, month, calendar=calendar)
    tasks = list(
        KeyTask.objects.filter(plan__year=year, retired_at__isnull=True)
        .select_related("lead_office")
        .prefetch_related("cooperating_offices")
    )
    existing = set(
        Report.objects.filter(kind=ReportKind.MONTHLY, year=year, month=month).values_list(
            "office_id", "task_id"
        )
    )
    new = []
    for task in tasks:
        offices = [task.lead_office, *task.cooperating_offices.all()]
        for office in offices:
            if (office.pk, task.pk) in existing:
                continue
            existing.add((office.pk, task.pk))
            new.append(
                Report(
                    kind=ReportKind.MONTHLY,
                    year=year,
                    month=month,
                    task=task,
                    office=office,
                    due_on=due_on,
                )
            )
    return _create(new, calendar)


def open_summaries(*, kind, year):
    """Open the half-year or annual summary rows of ``year``: one per lead office of the
    year's plan and one per active party branch (its secretary submits).

    Refused like ``open_month`` (the annual summary is due in January of the next
    year, so that year must be confirmed). Side effects: the new ``Report`` rows
    and their reminder rows. Returns the rows created (none without a plan).
    """
    if kind not in (ReportKind.HALF_YEAR, ReportKind.ANNUAL):
        raise ValueError("not a summary kind")
    calendar = WorkCalendar()
    due_on = summary_due_on(kind, year, calendar=calendar)
    month = 6 if kind == ReportKind.HALF_YEAR else 12
    lead_offices = set(
        KeyTask.objects.filter(plan__year=year, retired_at__isnull=True).values_list(
            "lead_office_id", flat=True
        )
    )
    if not lead_offices:
        return []
    done = Report.objects.filter(kind=kind, year=year)
    done_offices = set(done.filter(office__isnull=False).values_list("office_id", flat=True))
    done_branches = set(done.filter(branch__isnull=False).values_list("branch_id", flat=True))
    new = [
        Report(kind=kind, year=year, month=month, office_id=office_id, due_on=due_on)
        for office_id in sorted(lead_offices - done_offices)
    ]
    branches = PartyBranch.objects.filter(active=True).exclude(pk__in=done_branches)
    new += [
        Report(kind=kind, year=year, month=month, branch=branch, due_on=due_on)
        for branch in branches.order_by("name")
    ]
    return _create(new, calendar)


def open_due_periods(*, today=None):
    """What the beat sweep opens: this month's reports; in June and July the year's
    half-year summaries, in December and January the annual ones (a unit or branch
    that appears later in the year is not asked for a summary of a period it did
    not live through). A period whose year is not confirmed is
    skipped with a warning and tried again at the next run (so is a period another
    worker opened at the same moment). Returns the rows created."""
    today = today or timezone.localdate()
    opened = []
    steps = [lambda: open_month(year=today.year, month=today.month)]
    if today.month in (6, 7):
        steps.append(lambda: open_summaries(kind=ReportKind.HALF_YEAR, year=today.year))
    if today.month == 12:
        steps.append(lambda: open_summaries(kind=ReportKind.ANNUAL, year=today.year))
    if today.month == 1:
        steps.append(lambda: open_summaries(kind=ReportKind.ANNUAL, year=today.year - 1))
    for step in steps:
        try:
            opened += step()
        except DomainError as error:
            logger.warning("report rows not opened: %s", error)
        except IntegrityError:  # another worker opened the same rows first
            logger.info("report rows opened meanwhile by another run")
    return opened
