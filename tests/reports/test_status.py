"""reports.status: what the reports add to a key task's status (the work plan's hook)."""

import datetime

import pytest

from reports.enums import ReportState
from reports.status import report_figures, report_task_statuses
from tests.reports.factories import KeyTaskFactory, monthly_report
from workplan.models import KeyTask
from workplan.status import node_statuses, task_statuses

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 20)


def _tasks(*tasks):
    return list(
        KeyTask.objects.filter(pk__in=[t.pk for t in tasks])
        .select_related("plan")
        .prefetch_related("nodes")
        .order_by("pk")
    )


@pytest.fixture
def task(department_a):
    return KeyTaskFactory(lead_office=department_a)


def test_the_registered_status_function_is_the_reports(task):
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    (status,) = task_statuses(_tasks(task), today=TODAY).values()
    assert status.code == "reports_overdue"


def test_an_overdue_report_makes_the_task_danger(task, department_b):
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    monthly_report(task, month=9, due_on=datetime.date(2026, 9, 14))
    monthly_report(task, month=7, state=ReportState.ACCEPTED)
    status = report_task_statuses(_tasks(task), today=TODAY)[task.pk]
    assert (status.code, status.tone) == ("reports_overdue", "danger")
    assert status.note.startswith("2 份月度报告逾期未报")


def test_a_report_due_later_is_not_overdue(task):
    monthly_report(task, month=9, due_on=datetime.date(2026, 9, 21))
    status = report_task_statuses(_tasks(task), today=TODAY)[task.pk]
    assert status == node_statuses(_tasks(task), today=TODAY)[task.pk]


def test_a_returned_report_is_a_warning(task):
    monthly_report(task, month=8, state=ReportState.RETURNED)
    status = report_task_statuses(_tasks(task), today=TODAY)[task.pk]
    assert (status.code, status.tone) == ("reports_returned", "warning")


def test_a_late_submission_is_a_warning(task):
    report = monthly_report(task, month=8, state=ReportState.ACCEPTED)
    report.late = True
    report.save(update_fields=["late"])
    status = report_task_statuses(_tasks(task), today=TODAY)[task.pk]
    assert (status.code, status.tone) == ("reports_late", "warning")


def test_the_nodes_status_stays_when_the_reports_say_nothing_and_notes_combine(task):
    base = node_statuses(_tasks(task), today=TODAY)[task.pk]
    assert base.note  # a task without nodes says so
    assert report_task_statuses(_tasks(task), today=TODAY)[task.pk] == base
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    combined = report_task_statuses(_tasks(task), today=TODAY)[task.pk]
    assert combined.note == f"1 份月度报告逾期未报；{base.note}"


def test_figures_in_one_query(task, department_b, django_assert_num_queries):
    other = KeyTaskFactory(plan=task.plan, lead_office=department_b)
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    monthly_report(other, month=8, state=ReportState.RETURNED)
    tasks = _tasks(task, other)
    with django_assert_num_queries(1):
        figures = report_figures(tasks, today=TODAY)
    assert (figures[task.pk].overdue, figures[other.pk].returned) == (1, 1)
