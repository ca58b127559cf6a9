"""What the reports say of a key task's status (the work plan's hook,
``workplan.status``; registered from ``ReportsConfig.ready()``).

The base is the task's status from its schedule nodes (``node_statuses``); the
reports overlay it when they say something worse: a monthly report overdue
(danger), a report returned and not yet resubmitted (warning), a report submitted
late this year (warning). The more serious of the two is shown; the notes of both
are kept. Two queries for any number of tasks, besides the nodes' prefetch.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from reports.enums import ReportKind, ReportState
from reports.models import Report
from workplan.status import TaskStatus, node_statuses

TONE_RANK = {"danger": 4, "warning": 3, "primary": 2, "info": 2, "success": 1}


@dataclass(frozen=True)
class ReportFigures:
    overdue: int = 0
    returned: int = 0
    late: int = 0


def report_figures(tasks, *, today):
    """``{task pk: ReportFigures}`` of the monthly reports on ``tasks``: overdue (due,
    past the date), returned (waiting for resubmission), submitted late. One query."""
    rows = (
        Report.objects.filter(kind=ReportKind.MONTHLY, task__in=[task.pk for task in tasks])
        .values("task_id")
        .annotate(
            overdue=Count("pk", filter=Q(state=ReportState.DUE, due_on__lt=today)),
            returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
            late=Count("pk", filter=Q(late=True)),
        )
        .order_by()
    )
    return {
        row["task_id"]: ReportFigures(row["overdue"], row["returned"], row["late"]) for row in rows
    }


def report_status(figures):
    """The status the reports alone give, or None when they say nothing worth showing."""
    if figures.overdue:
        return TaskStatus(
            "reports_overdue",
            _("报告逾期"),
            _("%(count)s 份月度报告逾期未报") % {"count": figures.overdue},
            "danger",
        )
    if figures.returned:
        return TaskStatus(
            "reports_returned",
            _("报告退回待重报"),
            _("%(count)s 份月度报告被退回，尚未重新报送") % {"count": figures.returned},
            "warning",
        )
    if figures.late:
        return TaskStatus(
            "reports_late",
            _("曾逾期报送"),
            _("%(count)s 份月度报告逾期报送") % {"count": figures.late},
            "warning",
        )
    return None


def combine(base, from_reports):
    """The more serious of the nodes' status and the reports', with both notes."""
    if from_reports is None:
        return base
    if base is not None and TONE_RANK.get(base.tone, 0) > TONE_RANK.get(from_reports.tone, 0):
        worse, other = base, from_reports
    else:
        worse, other = from_reports, base
    notes = [note for note in (worse.note, other.note if other else "") if note]
    return TaskStatus(worse.code, worse.label, _("；").join(notes), worse.tone)


def report_task_statuses(tasks, *, today):
    """``{task pk: TaskStatus}``: the registered status function of the work plan."""
    tasks = list(tasks)
    base = node_statuses(tasks, today=today)
    figures = report_figures(tasks, today=today)
    empty = ReportFigures()
    return {
        task.pk: combine(base.get(task.pk), report_status(figures.get(task.pk, empty)))
        for task in tasks
    }
