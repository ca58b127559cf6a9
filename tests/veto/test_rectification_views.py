"""Rectification pages: who sees what, the department's upload, the party
committee's forms, the notice link, and the list's queries."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from documents.enums import DocumentKind, DocumentState
from documents.models import OfficialDocument
from documents.services import document_request
from home.selectors import home_sections
from tests.factories import DepartmentFactory, rectification_of, veto_event_in_state
from veto.enums import RectificationState
from veto.models import RectificationReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def rectification_a(department_a, applicant_a, head_a, media_root):
    return rectification_of(department_a, starts_on=datetime.date(2026, 11, 30))


def _notice(rectification):
    document = document_request(
        kind=DocumentKind.RECTIFICATION, subject=rectification, rectification=rectification
    )
    document.file.save("notice", ContentFile(b"%PDF-1.7\n"), save=False)
    document.state, document.size, document.rendered_revision = DocumentState.READY, 9, 1
    document.save()
    return document


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("applicant_a", 200),
        ("head_a", 200),
        ("party_office", 200),
        ("discipline_office", 200),
        ("party_committee", 200),
        ("applicant_b", 404),  # another department's rectification, by a guessed id
        ("staff", 404),
        ("leading_group", 404),
        ("reviewer_a", 404),
    ],
)
def test_rectification_page_is_for_the_offices_and_the_department(
    persona_client, rectification_a, persona, status
):
    response = persona_client(persona).get(reverse("veto:rectification", args=[rectification_a.pk]))

    assert response.status_code == status


def test_department_sees_the_facts_the_period_the_notice_and_the_upload_form(
    persona_client, rectification_a
):
    notice = _notice(rectification_a)

    content = (
        persona_client("applicant_a")
        .get(reverse("veto:rectification", args=[rectification_a.pk]))
        .content.decode()
    )

    assert (
        "第4项：违反中央八项规定精神及医疗卫生行业“九项准则”规定，被相关部门或医院处分" in content
    )
    assert "2026年11月30日至2027年2月28日" in content
    assert reverse("documents:document", args=[notice.pk]) in content
    assert 'id="report-form"' in content
    assert 'id="accept-form"' not in content
    # Never who reported it, nor the description the reporter wrote.
    assert "报告人" not in content
    assert "收受患者红包" not in content


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("applicant_a", 200),
        ("head_a", 200),
        ("party_office", 200),
        ("discipline_office", 200),
        ("party_committee", 200),
        ("applicant_b", 404),
        ("staff", 404),
    ],
)
def test_rectification_notice_download(persona_client, rectification_a, persona, status):
    notice = _notice(rectification_a)

    response = persona_client(persona).get(reverse("documents:document", args=[notice.pk]))

    assert response.status_code == status


def test_party_committee_sees_the_decision_forms_only_when_due(persona_client, department_a):
    running = rectification_of(department_a)
    client = persona_client("party_committee")

    running_page = client.get(reverse("veto:rectification", args=[running.pk])).content.decode()
    assert 'id="accept-form"' not in running_page

    due = rectification_of(DepartmentFactory(code="D77", name="眼科"), state="due")
    due_page = client.get(reverse("veto:rectification", args=[due.pk])).content.decode()
    assert 'id="accept-form"' in due_page
    assert 'id="extend-form"' in due_page
    assert "截止日期最晚为" in due_page


def test_report_upload_by_the_department(persona_client, rectification_a):
    from tests.factories import pdf_upload

    response = persona_client("applicant_a").post(
        reverse("veto:rectification_report", args=[rectification_a.pk]),
        {"file": pdf_upload("整改报告.pdf"), "note": "已逐项整改"},
    )

    assert response.status_code == 302
    report = RectificationReport.objects.get()
    assert (report.original_name, report.note) == ("整改报告.pdf", "已逐项整改")
    download = persona_client("discipline_office").get(
        reverse("veto:report_file", args=[rectification_a.pk, report.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_report_upload_by_an_office_is_forbidden(persona_client, rectification_a):
    from tests.factories import pdf_upload

    response = persona_client("party_office").post(
        reverse("veto:rectification_report", args=[rectification_a.pk]), {"file": pdf_upload()}
    )

    assert response.status_code == 403


def test_accept_through_the_page(persona_client, department_a, applicant_a):
    due = rectification_of(department_a, state="due")

    response = persona_client("party_committee").post(
        reverse("veto:rectification_accept", args=[due.pk]), {"note": "整改到位，同意验收。"}
    )

    assert response.status_code == 302
    due.refresh_from_db()
    assert due.state == RectificationState.ACCEPTED


def test_extend_refusal_is_shown_on_the_form(persona_client, department_a):
    due = rectification_of(department_a, starts_on=datetime.date(2026, 11, 30), state="due")

    response = persona_client("party_committee").post(
        reverse("veto:rectification_extend", args=[due.pk]),
        {"ends_on": "2027-06-30", "reason": "延长"},
    )

    assert response.status_code == 200
    assert "截止日期不能晚于2027年5月30日" in response.content.decode()
    due.refresh_from_db()
    assert due.state == RectificationState.DUE


def test_unit_supervision_shows_confirmed_events_never_unverified_reports(
    persona_client, department_a, applicant_a, rectification_a
):
    reporter = rectification_a.event.reported_by
    veto_event_in_state(department_a, reporter, state="reported")
    veto_event_in_state(department_a, reporter, state="verified")

    response = persona_client("applicant_a").get(
        reverse("veto:unit_supervision", args=[department_a.pk])
    )
    content = response.content.decode()

    assert response.status_code == 200
    assert content.count("第4项 · 发生于") == 1
    assert reverse("veto:rectification", args=[rectification_a.pk]) in content


def test_unit_supervision_of_another_department_is_hidden(
    persona_client, department_b, applicant_a
):
    response = persona_client("applicant_a").get(
        reverse("veto:unit_supervision", args=[department_b.pk])
    )

    assert response.status_code == 404


def test_rectification_list_filters_by_state(persona_client, department_a, department_b):
    rectification_of(department_a)
    rectification_of(department_b, state="due")

    content = (
        persona_client("party_office")
        .get(reverse("veto:rectifications"), {"state": "due"})
        .content.decode()
    )

    rows = content[content.index("<tbody") :]
    assert "骨科" in rows
    assert "心内科" not in rows


def _body(response):
    content = response.content.decode()
    return content[content.index("<tbody") :]


def test_rectification_list_filters_by_department_and_start_date(
    persona_client, department_a, department_b
):
    rectification_of(department_a, starts_on=datetime.date(2026, 3, 1))
    rectification_of(department_b, starts_on=datetime.date(2026, 6, 1))
    client = persona_client("party_office")
    url = reverse("veto:rectifications")
    by_unit = _body(client.get(url, {"unit": department_a.pk}))
    assert "心内科" in by_unit
    assert "骨科" not in by_unit
    by_date = _body(client.get(url, {"starts_from": "2026-05-01", "starts_to": "2026-06-30"}))
    assert "骨科" in by_date
    assert "心内科" not in by_date


def test_rectification_list_sorts_by_department(persona_client, department_a, department_b):
    rectification_of(department_a)
    rectification_of(department_b)
    client = persona_client("party_office")
    for sort, first, second in (("unit", "心内科", "骨科"), ("-unit", "骨科", "心内科")):
        rows = _body(client.get(reverse("veto:rectifications"), {"sort": sort}))
        assert rows.index(first) < rows.index(second)


def test_rectification_export_holds_what_the_list_shows(persona_client, department_a, department_b):
    rectification_of(department_a, starts_on=datetime.date(2026, 3, 2))
    rectification_of(department_b, state="due", starts_on=datetime.date(2026, 1, 5))
    response = persona_client("discipline_office").get(
        reverse("veto:rectifications"), {"state": "due", "export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "科室",
        "否决性指标",
        "整改开始日期",
        "整改截止日期",
        "整改通知书文号",
        "整改报告",
        "状态",
        "撤销称号",
    )
    assert len(rows) == 2
    assert rows[1][0] == "骨科"
    assert rows[1][2] == datetime.datetime(2026, 1, 5)
    assert rows[1][4:7] == ("院纪〔2026〕3号", 0, "整改期满，待验收")


def test_rectification_export_is_refused_to_a_department(persona_client, department_a):
    rectification_of(department_a)
    response = persona_client("applicant_a").get(reverse("veto:rectifications"), {"export": "xlsx"})
    assert response.status_code == 403


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_rectification_list_queries_do_not_grow_with_rows(persona_client, department_a):
    client = persona_client("discipline_office")
    url = reverse("veto:rectifications")
    rectification_of(department_a)
    one, few = _queries(client, url)
    for n in range(3):
        rectification_of(DepartmentFactory(code=f"R{n}", name=f"整改科室{n}"))
    many, more = _queries(client, url)

    assert many.content.decode().count("<tr") == 5 > one.content.decode().count("<tr") == 2
    assert more == few


def test_rectification_export_queries_do_not_grow_with_rows(persona_client, department_a):
    client = persona_client("discipline_office")
    url = reverse("veto:rectifications") + "?export=xlsx"
    rectification_of(department_a)
    _, few = _queries(client, url)
    for n in range(3):
        rectification_of(DepartmentFactory(code=f"R{n}", name=f"整改科室{n}"))
    _, more = _queries(client, url)
    assert more == few


# --- home ----------------------------------------------------------------------------------


def _items(user, role):
    return [
        (item.label, item.note)
        for section in home_sections(user)
        if section["role"] == role
        for item in section["items"]
    ]


def test_home_shows_the_department_its_rectification_in_progress(
    rectification_a, applicant_a, head_a
):
    expected = ("整改中：心内科", "整改期至2027年2月28日，验收通过后方可申报")

    assert expected in _items(applicant_a, "staff")
    assert expected in _items(head_a, "staff")


def test_home_shows_the_party_committee_what_awaits_acceptance(department_a, party_committee):
    rectification_of(department_a, starts_on=datetime.date(2026, 6, 1), state="due")

    assert ("待验收的整改：心内科", "整改期已于2026年9月1日届满") in _items(
        party_committee, "party_committee"
    )


def test_no_document_is_requested_by_the_pages(persona_client, rectification_a):
    persona_client("applicant_a").get(reverse("veto:rectification", args=[rectification_a.pk]))

    assert not OfficialDocument.objects.exists()
