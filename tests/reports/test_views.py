"""The reports pages: the lists (with their query counts and exports), a report's page
and its forms, publicity materials and their count; what others may not see is 404."""

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.enums import MaterialState, ReportState
from reports.models import PublicityMaterial, Report, ReportSubmission
from tests.reports.factories import KeyTaskFactory, material, monthly_report, pdf

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def task(department_a):
    return KeyTaskFactory(lead_office=department_a, title="警示教育")


@pytest.fixture
def report(task):
    return monthly_report(task, due_on=datetime.date(2026, 9, 14))


def _same_queries(client, url, add_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add_rows()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    return len(one), len(many)


# --- lists ---------------------------------------------------------------------------------------


def test_report_list_queries_do_not_grow_with_rows(persona_client, report, department_b):
    client = persona_client("discipline_office")

    def more():
        for month in (6, 7, 8):
            monthly_report(
                KeyTaskFactory(plan=report.task.plan, lead_office=department_b), month=month
            )

    one, many = _same_queries(client, reverse("reports:list"), more)
    assert many == one


def test_the_offices_list_shows_its_own_reports_only(persona_client, report, department_b):
    monthly_report(KeyTaskFactory(plan=report.task.plan, lead_office=department_b, title="其他"))
    client = persona_client("applicant_a")

    def more():
        for month in (6, 7, 8):
            monthly_report(report.task, month=month)

    one, many = _same_queries(client, reverse("reports:list"), more)
    assert many == one
    content = client.get(reverse("reports:list")).content.decode()
    assert "警示教育" in content
    assert "其他" not in content


def test_overdue_list_queries_and_export(persona_client, task, department_b):
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    client = persona_client("discipline_office")

    def more():
        for month in (5, 6, 7):
            monthly_report(task, month=month, due_on=datetime.date(2026, month, 12))

    one, many = _same_queries(client, reverse("reports:overdue"), more)
    assert many == one
    exported = client.get(reverse("reports:overdue") + "?export=xlsx")
    assert exported["Content-Type"] == XLSX


def test_overdue_list_leaves_out_what_is_submitted_or_not_yet_due(persona_client, task):
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12), state=ReportState.SUBMITTED)
    monthly_report(task, month=9, due_on=datetime.date(2099, 9, 12))
    content = persona_client("discipline_office").get(reverse("reports:overdue")).content.decode()
    assert "共 0 条" in content


def test_overdue_list_is_filtered_by_office(persona_client, task, department_b):
    monthly_report(task, month=8, due_on=datetime.date(2026, 8, 12))
    other = KeyTaskFactory(plan=task.plan, lead_office=department_b)
    monthly_report(other, month=8, due_on=datetime.date(2026, 8, 12))
    url = reverse("reports:overdue") + f"?office={department_b.pk}"
    content = persona_client("discipline_office").get(url).content.decode()
    assert "共 1 条" in content


def test_material_list_queries(persona_client, department_a, applicant_a):
    material(department_a, applicant_a)
    client = persona_client("party_office")

    def more():
        for _ in range(3):
            material(department_a, applicant_a)

    one, many = _same_queries(client, reverse("reports:materials"), more)
    assert many == one


def test_material_counts_queries_and_export(
    persona_client, department_a, department_b, applicant_a
):
    material(department_a, applicant_a, state=MaterialState.ACCEPTED)
    client = persona_client("party_office")
    url = reverse("reports:material_counts") + "?year=2026"

    def more():
        for _ in range(3):
            material(department_b, applicant_a, state=MaterialState.ACCEPTED)

    one, many = _same_queries(client, url, more)
    assert many == one
    assert client.get(url + "&export=xlsx")["Content-Type"] == XLSX


# --- a report's page ---------------------------------------------------------------------------------


def test_the_office_submits_from_the_page(persona_client, report):
    client = persona_client("applicant_a")
    page = client.get(reverse("reports:report", args=[report.pk]))
    assert page.status_code == 200
    key = page.context["submit_form"]["submission_key"].value()
    response = client.post(
        reverse("reports:report_submit", args=[report.pk]),
        {"text": "九月份进展", "submission_key": key},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # The same form again: told so, nothing new.
    again = client.post(
        reverse("reports:report_submit", args=[report.pk]),
        {"text": "九月份进展", "submission_key": key},
    )
    assert again.status_code == 302
    assert ReportSubmission.objects.count() == 1


def test_another_offices_report_is_404(persona_client, report):
    client = persona_client("applicant_b")
    assert client.get(reverse("reports:report", args=[report.pk])).status_code == 404
    response = client.post(
        reverse("reports:report_submit", args=[report.pk]),
        {"text": "x", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 404


def test_return_without_reason_shows_the_error_on_the_form(persona_client, report, applicant_a):
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    client = persona_client("discipline_office")
    response = client.post(reverse("reports:report_return", args=[report.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "退回须说明理由。" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_discipline_office_sees_the_review_forms(persona_client, report):
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    page = persona_client("discipline_office").get(reverse("reports:report", args=[report.pk]))
    assert {"accept_form", "return_form", "comment_form"} <= set(page.context.keys())
    assert "submit_form" not in page.context


def test_a_summary_page_asks_for_the_scan(persona_client, department_a, media_root):
    from tests.reports.factories import summary_report

    summary = summary_report(office=department_a)
    client = persona_client("applicant_a")
    content = client.get(reverse("reports:report", args=[summary.pk])).content.decode()
    assert 'name="scan"' in content
    response = client.post(
        reverse("reports:report_submit", args=[summary.pk]),
        {"text": "半年总结", "submission_key": str(uuid.uuid4()), "scan": pdf()},
    )
    assert response.status_code == 302
    file = summary.submissions.get().files.get()
    download = client.get(reverse("reports:report_file", args=[summary.pk, file.pk]))
    assert download["Content-Type"] == "application/pdf"


# --- publicity materials ---------------------------------------------------------------------------


def test_a_department_sends_a_material_from_the_form(persona_client, department_a):
    client = persona_client("head_a")
    page = client.get(reverse("reports:material_new"))
    key = page.context["form"]["submission_key"].value()
    response = client.post(
        reverse("reports:material_new"),
        {"author": f"d{department_a.pk}", "title": "亮点", "text": "内容", "submission_key": key},
    )
    row = PublicityMaterial.objects.get()
    assert response["Location"] == reverse("reports:material", args=[row.pk])


def test_the_party_office_returns_a_material_with_a_reason(
    persona_client, department_a, applicant_a
):
    row = material(department_a, applicant_a)
    client = persona_client("party_office")
    refused = client.post(reverse("reports:material_return", args=[row.pk]), {"reason": ""})
    assert "退回须说明理由。" in refused.content.decode()
    client.post(reverse("reports:material_return", args=[row.pk]), {"reason": "缺少照片"})
    row.refresh_from_db()
    assert row.state == MaterialState.RETURNED


def test_nav_links_reports_by_permission(persona_client):
    content = persona_client("discipline_office").get(reverse("home")).content.decode()
    assert reverse("reports:overdue") in content
    assert reverse("reports:list") in content
    content = persona_client("staff").get(reverse("home")).content.decode()
    assert reverse("reports:list") not in content
