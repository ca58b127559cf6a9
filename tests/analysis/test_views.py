"""The quarterly analysis pages: the list with the draft form, a version with its figures,
charts and forms, each step through its page, the PDF's content, the queries of each
page, and the objector's privacy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis.documents import report_html
from analysis.models import QuarterlyReportVersion
from documents.models import OfficialDocument
from publicity.models import Objection
from tests.analysis.factories import concluded, draft, issued
from tests.factories import DepartmentFactory, listed_publicity, objection_of, objector
from tests.integrity.factories import person_since, session

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_shows_issued_quarters_and_the_draft_form_to_the_office(
    persona_client, party_office
):
    version = issued(party_office)
    draft(party_office, quarter=1)
    page = _page(persona_client("party_office"), reverse("analysis:reports"))
    assert "2026年第2季度" in page
    assert reverse("analysis:version", args=[version.pk]) in page
    assert 'id="draft-form"' in page
    assert "第1版草稿" in page


def test_the_committee_sees_no_draft_and_no_draft_form(persona_client, party_office):
    issued(party_office)
    version = draft(party_office, quarter=1)
    page = _page(persona_client("party_committee"), reverse("analysis:reports"))
    assert "2026年第2季度" in page
    assert "2026年第1季度" not in page
    assert 'id="draft-form"' not in page
    assert reverse("analysis:version", args=[version.pk]) not in page


def test_drafting_from_the_list_opens_the_draft(persona_client):
    client = persona_client("party_office")
    response = client.post(reverse("analysis:report_new"), {"year": 2026, "quarter": 2})
    version = QuarterlyReportVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("analysis:version", args=[version.pk])


def test_a_refused_draft_shows_the_reason_on_the_form(persona_client, party_office):
    issued(party_office)
    client = persona_client("party_office")
    response = client.post(reverse("analysis:report_new"), {"year": 2026, "quarter": 2})
    assert response.status_code == 200
    assert "已印发，重新起草须说明理由" in response.content.decode()
    assert QuarterlyReportVersion.objects.count() == 1


def test_a_draft_shows_live_figures_and_the_office_forms(persona_client, party_office):
    version = draft(party_office)
    page = _page(persona_client("party_office"), reverse("analysis:version", args=[version.pk]))
    assert "草稿中的数据为实时汇总" in page
    assert 'id="commentary-form"' in page
    assert 'id="issue-form"' in page
    assert 'id="conclusions-form"' not in page
    assert "<svg" in page


def test_commentary_and_issue_through_the_page(persona_client, party_office, media_root):
    version = draft(party_office, commentary="")
    client = persona_client("party_office")
    url = reverse("analysis:version", args=[version.pk])
    response = client.post(
        reverse("analysis:version_commentary", args=[version.pk]), {"commentary": "总体平稳。"}
    )
    assert response.status_code == 302
    response = client.post(reverse("analysis:version_issue", args=[version.pk]))
    assert response["Location"] == url
    version.refresh_from_db()
    assert version.state == "issued"
    assert version.snapshot is not None
    page = _page(client, url)
    assert "数据已固定" in page
    assert 'id="redraft-form"' in page


def test_an_empty_commentary_is_refused_on_its_field(persona_client, party_office):
    version = draft(party_office, commentary="")
    response = persona_client("party_office").post(
        reverse("analysis:version_commentary", args=[version.pk]), {"commentary": " "}
    )
    assert response.status_code == 200
    assert "请填写党办分析意见" in response.content.decode()


def test_the_committee_records_conclusions_through_the_page(
    persona_client, party_office, party_committee
):
    version = issued(party_office)
    client = persona_client("party_committee")
    url = reverse("analysis:version", args=[version.pk])
    assert 'id="conclusions-form"' in _page(client, url)
    response = client.post(
        reverse("analysis:version_conclusions", args=[version.pk]),
        {"meeting_on": "2026-07-10", "conclusions": "同意，抓好整改。"},
    )
    assert response.status_code == 302
    page = _page(client, url)
    assert "同意，抓好整改。" in page
    assert "党委会议日期：2026年7月10日" in page
    assert 'id="conclusions-form"' not in page


def test_a_meeting_date_in_the_future_is_refused_on_its_field(persona_client, party_office):
    version = issued(party_office)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = persona_client("party_committee").post(
        reverse("analysis:version_conclusions", args=[version.pk]),
        {"meeting_on": tomorrow.isoformat(), "conclusions": "同意。"},
    )
    assert response.status_code == 200
    assert "党委会议日期不能晚于今天" in response.content.decode()


def test_a_superseded_version_reads_as_it_was_issued(persona_client, party_office, party_committee):
    first = concluded(party_office, party_committee)
    issued(party_office, reason="更正六月数据。", now=first.issued_at + datetime.timedelta(days=3))
    page = _page(persona_client("leading_group"), reverse("analysis:version", args=[first.pk]))
    assert "本版本已被新版本替代" in page
    assert "同意党办分析意见，下季度重点督促整改。" in page
    assert "第2版" in page


def test_the_pdf_is_offered_on_the_page_and_downloaded_by_the_committee(
    persona_client, party_office, party_committee, django_capture_on_commit_callbacks, media_root
):
    with django_capture_on_commit_callbacks(execute=True):
        version = issued(party_office)
    document = OfficialDocument.objects.get(key=f"quarterly_report:{version.pk}")
    client = persona_client("party_committee")
    page = _page(client, reverse("analysis:version", args=[version.pk]))
    assert reverse("documents:document", args=[document.pk]) in page
    response = client.get(reverse("documents:document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona", ["staff", "applicant_a", "head_a", "reviewer_a"])
def test_departments_may_not_download_the_pdf(
    request, persona_client, party_office, django_capture_on_commit_callbacks, media_root, persona
):
    with django_capture_on_commit_callbacks(execute=True):
        version = issued(party_office)
    document = OfficialDocument.objects.get(key=f"quarterly_report:{version.pk}")
    response = persona_client(persona).get(reverse("documents:document", args=[document.pk]))
    assert response.status_code == 404


def test_the_pdf_says_the_commentary_and_the_conclusions(party_office, party_committee):
    version = concluded(party_office, party_committee)
    html = report_html(version)
    assert "2026年第2季度" in html
    assert "本季度总体平稳。" in html
    assert "同意党办分析意见，下季度重点督促整改。" in html
    assert "党委会议日期：2026年7月10日" in html
    assert "内部资料" in html


def test_no_road_leads_to_the_objector(
    persona_client, party_office, party_committee, department_a, department_b, applicant_a, head_a
):
    publicity, (a, _b) = listed_publicity(party_office, [department_a, department_b])
    raiser = objector("raiser_y", name="异议人李", department=department_b)
    objection = objection_of(publicity, a, raiser, content="该科室收受回扣。")
    Objection.objects.filter(pk=objection.pk).update(
        submitted_at=datetime.datetime(2026, 5, 8, 2, tzinfo=datetime.UTC)
    )
    version = issued(party_office)
    assert version.snapshot["objections"]["raised"] == 1
    page = _page(persona_client("party_committee"), reverse("analysis:version", args=[version.pk]))
    for text in (page, report_html(version)):
        for trace in ("异议人李", "raiser_y", raiser.person.employee_number, "收受回扣"):
            assert trace not in text
        assert reverse("publicity:objections") not in text


def test_the_list_queries_do_not_grow_with_quarters(persona_client, party_office):
    issued(party_office, quarter=1)
    client = persona_client("party_office")
    url = reverse("analysis:reports")
    client.get(url)
    few = _queries(client, url)
    issued(party_office, quarter=2)
    draft(party_office, quarter=3)
    issued(party_office, year=2025, quarter=4)
    assert _queries(client, url) == few


@pytest.mark.parametrize("state", ["draft", "issued"])
def test_a_version_queries_do_not_grow_with_departments(persona_client, party_office, state):
    version = draft(party_office) if state == "draft" else issued(party_office)
    client = persona_client("party_office")
    url = reverse("analysis:version", args=[version.pk])
    client.get(url)
    few = _queries(client, url)
    for n in range(3):
        unit = DepartmentFactory(code=f"Q{n}", name=f"科室{n}")
        person_since(unit, datetime.date(2020, 1, 1))
        session(unit, party_office, held_on=datetime.date(2026, 5, 1))
    assert _queries(client, url) == few


@pytest.mark.parametrize(
    "persona", ["party_committee", "leading_group", "discipline_office", "staff", "applicant_a"]
)
def test_a_draft_is_found_by_the_party_office_alone(persona_client, party_office, persona):
    version = draft(party_office)
    response = persona_client(persona).get(reverse("analysis:version", args=[version.pk]))
    assert response.status_code == 404


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_issues_the_last_quarter_and_drafts_this_one(media_root):
    from analysis.demo import load_demo_year_round
    from home.demo import load_demo_hospital

    load_demo_hospital()
    today = datetime.date(2026, 11, 20)
    issued_version = load_demo_year_round(today=today)
    assert (issued_version.report.year, issued_version.report.quarter) == (2026, 3)
    assert issued_version.state == "issued"
    assert issued_version.snapshot["assembled_on"] == "2026-10-06"
    assert issued_version.meeting_on == datetime.date(2026, 10, 9)
    assert issued_version.conclusions.startswith("院党委会议听取了")
    current = QuarterlyReportVersion.objects.get(report__year=2026, report__quarter=4)
    assert current.state == "draft"
    assert current.commentary
    assert load_demo_year_round(today=today) is None
    assert QuarterlyReportVersion.objects.count() == 2
