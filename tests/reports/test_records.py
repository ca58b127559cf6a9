"""The monthly reports as appraisal's record kind ``reports.monthly_reports``
(reports/records.py): per office and year, the reports due, on time, late and never
sent, and the share on time."""

import datetime

import pytest

from appraisal.records import record_kind
from reports.enums import ReportState
from reports.models import Report
from reports.records import MONTHLY_REPORTS, summarize_monthly_reports
from tests.factories import DepartmentFactory
from tests.reports.factories import KeyTaskFactory, WorkPlanFactory, monthly_report

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 20)


def _sent(report, *, late):
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.ACCEPTED,
        first_submitted_at=datetime.datetime(2026, report.month, 10, 9, tzinfo=datetime.UTC),
        late=late,
    )


@pytest.fixture
def office(party_office):
    return DepartmentFactory(code="X01", name="医务科", kind="administrative")


@pytest.fixture
def task(office, party_office):
    plan = WorkPlanFactory(year=2026, created_by=party_office)
    return KeyTaskFactory(plan=plan, lead_office=office, title="规范诊疗行为")


def test_the_kind_is_registered_with_its_figures():
    kind = record_kind(MONTHLY_REPORTS)
    assert kind.summarize is summarize_monthly_reports
    assert set(kind.figures) == {"due", "on_time", "late", "overdue", "percent_on_time"}


def test_monthly_reports_on_time_late_and_overdue(office, task):
    """Jan–Jul sent (Mar and Jun late); Aug, Sep and Oct (due 12 October) never sent and
    past due on 20 October; Nov not due yet."""
    for month in range(1, 8):
        _sent(monthly_report(task, month=month), late=month in (3, 6))
    for month in (8, 9, 10):
        monthly_report(task, month=month)
    monthly_report(task, month=11)  # due 12 November: not counted yet
    summary = summarize_monthly_reports([office], 2026, today=TODAY)[office.pk]
    # Due: 7 sent + 3 overdue = 10; on time 5 → 50%.
    assert summary.figures == {
        "due": 10,
        "on_time": 5,
        "late": 2,
        "overdue": 3,
        "percent_on_time": 50,
    }
    assert summary.text == (
        "月度报告应报 10 份：按期 5 份、逾期报送 2 份、逾期未报 3 份（按期率 50%）"
    )
    assert [item.label for item in summary.items] == [
        "3月 规范诊疗行为（逾期报送）",
        "6月 规范诊疗行为（逾期报送）",
        "8月 规范诊疗行为（逾期未报）",
        "9月 规范诊疗行为（逾期未报）",
        "10月 规范诊疗行为（逾期未报）",
    ]


def test_a_report_sent_early_counts_before_its_due_date(office, task):
    _sent(monthly_report(task, month=11), late=False)
    summary = summarize_monthly_reports([office], 2026, today=TODAY)[office.pk]
    assert (summary.figures["due"], summary.figures["percent_on_time"]) == (1, 100)


def test_a_unit_without_reports_has_no_share(office, department_a):
    summary = summarize_monthly_reports([department_a], 2026, today=TODAY)[department_a.pk]
    assert summary.figures == {
        "due": 0,
        "on_time": 0,
        "late": 0,
        "overdue": 0,
        "percent_on_time": None,
    }
    assert summary.text == "2026年尚无到期的月度报告"


def test_other_years_are_not_counted(office, task):
    _sent(monthly_report(task, year=2025, month=5), late=True)
    summary = summarize_monthly_reports([office], 2026, today=TODAY)[office.pk]
    assert summary.figures["due"] == 0


def test_two_queries_whatever_the_number_of_offices(
    office, task, party_office, django_assert_num_queries
):
    others = [DepartmentFactory(kind="administrative") for _ in range(3)]
    for other in others:
        other_task = KeyTaskFactory(plan=task.plan, lead_office=other)
        monthly_report(other_task, month=3)
    with django_assert_num_queries(2):
        summaries = summarize_monthly_reports([office, *others], 2026, today=TODAY)
    assert [summaries[o.pk].figures["overdue"] for o in others] == [1, 1, 1]
