"""The home page's report items: an office's reports due this month with their
deadline (overdue marked), the discipline office's waiting and overdue counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home.items.reports import discipline_office_report_items, office_report_items
from reports.enums import ReportState
from tests.reports.factories import KeyTaskFactory, monthly_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(department_a):
    return KeyTaskFactory(lead_office=department_a, title="警示教育")


def _this_month(task, day, **kwargs):
    today = timezone.localdate()
    return monthly_report(
        task, year=today.year, month=today.month, due_on=today.replace(day=day), **kwargs
    )


def test_the_office_sees_this_months_report_with_its_deadline(task, head_a, applicant_a):
    report = _this_month(task, 28)
    (item,) = office_report_items(head_a)
    assert item.url == reverse("reports:report", args=[report.pk])
    assert item.due_on == report.due_on
    assert item.overdue is (report.due_on < timezone.localdate())
    assert [i.url for i in office_report_items(applicant_a)] == [item.url]


def test_an_earlier_report_still_due_is_overdue(task, applicant_a):
    monthly_report(task, year=2025, month=3, due_on=datetime.date(2025, 3, 12))
    (item,) = office_report_items(applicant_a)
    assert item.overdue is True


def test_submitted_reports_and_other_offices_are_not_listed(task, applicant_a, applicant_b):
    _this_month(task, 28, state=ReportState.SUBMITTED)
    assert office_report_items(applicant_a) == []
    monthly_report(task, year=2025, month=4, due_on=datetime.date(2025, 4, 14))
    assert office_report_items(applicant_b) == []


def test_a_returned_report_says_why(task, applicant_a):
    report = monthly_report(task, year=2025, month=5, state=ReportState.RETURNED)
    report.return_reason = "请补充数据"
    report.save(update_fields=["return_reason"])
    (item,) = office_report_items(applicant_a)
    assert (item.note, item.overdue) == ("已退回：请补充数据", False)


def test_the_discipline_office_counts(task, discipline_office):
    monthly_report(task, year=2025, month=3, due_on=datetime.date(2025, 3, 12))
    monthly_report(task, year=2025, month=4, state=ReportState.SUBMITTED)
    waiting, overdue = discipline_office_report_items(discipline_office)
    assert (waiting.count, overdue.count, overdue.overdue) == (1, 1, True)


def test_the_home_page_shows_them_and_its_queries_do_not_grow(task, persona_client):
    client = persona_client("applicant_a")
    monthly_report(task, year=2025, month=1, due_on=datetime.date(2025, 1, 13))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as one:
        content = client.get(reverse("home")).content.decode()
    assert "待报送：心内科 2025年1月月度报告" in content
    for month in (2, 3, 4):
        monthly_report(task, year=2025, month=month, due_on=datetime.date(2025, month, 12))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    assert len(many) == len(one)
