"""Supervision pages: who sees which visits and items, the forms of each step, the
ledger's filters, export and print, the queries of every list, the home page, the
record kind appraisal reads, and the demo year."""

import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from accounts.roles import Role
from appraisal.records import record_kind, record_summaries
from home.selectors import home_sections
from supervision.enums import LedgerState, VisitState
from supervision.models import LedgerItem, LedgerRectification, Visit
from supervision.services import ledger, visits
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    open_campaign,
    pdf_upload,
    submitted_application,
    text_upload,
)
from tests.supervision.factories import (
    done_visit,
    ledger_item_of,
    planned_visit,
    rectified,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("statutory_calendar", "media_root")]


@pytest.fixture
def item_a(discipline_office, department_a, head_a, applicant_a):
    return ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)


@pytest.fixture
def item_b(discipline_office, department_b, applicant_b):
    return ledger_item_of(
        department_b,
        by=discipline_office,
        responsible=PersonFactory(department=department_b, name="乙科医生"),
        finding="风险点未排查。",
    )


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _other_unit_item(discipline_office, n):
    unit = DepartmentFactory(code=f"S{n}", name=f"调研科室{n}")
    return ledger_item_of(
        unit, by=discipline_office, responsible=PersonFactory(department=unit), finding=f"问题{n}。"
    )


# --- visits --------------------------------------------------------------------------------


def test_visit_list_is_the_departments_own(
    persona_client, discipline_office, department_a, department_b, applicant_a
):
    planned_visit(discipline_office, [department_b], members="看乙科的人")
    planned_visit(discipline_office, [department_a], members="看甲科的人")
    office = _page(persona_client("discipline_office"), reverse("supervision:visits"))
    assert "看乙科的人" in office
    assert "看甲科的人" in office
    assert 'id="plan-visit"' in office
    own = _page(persona_client("applicant_a"), reverse("supervision:visits"))
    assert "看甲科的人" in own
    assert "看乙科的人" not in own
    assert 'id="plan-visit"' not in own


def test_plan_page_makes_one_visit_from_one_form(persona_client, department_a):
    client = persona_client("party_office")
    form = _page(client, reverse("supervision:visit_new"))
    assert 'name="submission_key"' in form
    data = {
        "year": 2026,
        "kind": "first_half",
        "organizer": "working_group",
        "departments": [department_a.pk],
        "planned_on": "2026-05-15",
        "members": "纪检监察室王某",
        "submission_key": str(uuid.uuid4()),
    }
    first = client.post(reverse("supervision:visit_new"), data)
    visit = Visit.objects.get()
    assert first["Location"] == reverse("supervision:visit", args=[visit.pk])
    again = client.post(reverse("supervision:visit_new"), data, follow=True)
    assert "该调研指导已经计划过，没有重复登记。" in again.content.decode()
    assert Visit.objects.count() == 1


def test_plan_page_shows_the_refusal_on_its_field(persona_client, department_a):
    response = persona_client("party_office").post(
        reverse("supervision:visit_new"),
        {
            "year": 2026,
            "kind": "second_half",
            "organizer": "working_group",
            "departments": [department_a.pk],
            "planned_on": "2026-05-15",
            "members": "王某",
        },
    )
    assert response.status_code == 200
    assert "下半年定期调研指导的计划日期须在该半年内" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_department_sees_its_own_findings_on_a_visit(
    persona_client, discipline_office, department_a, department_b, head_a, applicant_a
):
    visit = done_visit(discipline_office, [department_a, department_b])
    ledger_item_of(department_a, by=discipline_office, visit=visit, responsible=head_a.person)
    ledger_item_of(
        department_b,
        by=discipline_office,
        visit=visit,
        responsible=PersonFactory(department=department_b),
        finding="乙科的问题。",
    )
    url = reverse("supervision:visit", args=[visit.pk])
    office = _page(persona_client("discipline_office"), url)
    assert "学习记录不全" in office
    assert "乙科的问题" in office
    assert 'id="finding-form"' in office
    own = _page(persona_client("applicant_a"), url)
    assert "学习记录不全" in own
    assert "乙科的问题" not in own
    assert 'id="finding-form"' not in own


def test_complete_and_cancel_forms_while_planned(persona_client, discipline_office, department_a):
    visit = planned_visit(discipline_office, [department_a])
    url = reverse("supervision:visit", args=[visit.pk])
    content = _page(persona_client("discipline_office"), url)
    assert 'id="complete-form"' in content
    assert 'id="cancel-form"' in content
    assert 'id="finding-form"' not in content
    response = persona_client("discipline_office").post(
        reverse("supervision:visit_complete", args=[visit.pk]),
        {"visited_on": "2026-05-15", "members": "王某", "methods": []},
    )
    assert response.status_code == 200
    assert "调研方式" in response.content.decode()
    visit.refresh_from_db()
    assert visit.state == VisitState.PLANNED


def test_finding_form_names_an_unknown_employee_number(
    persona_client, discipline_office, department_a, head_a
):
    visit = done_visit(discipline_office, [department_a])
    response = persona_client("discipline_office").post(
        reverse("supervision:finding_new", args=[visit.pk]),
        {
            "unit": department_a.pk,
            "finding": "问题。",
            "employee_number": "NOPE",
            "due_on": "2026-06-15",
        },
    )
    assert response.status_code == 200
    assert "没有工号为 NOPE 的人员。" in response.content.decode()
    assert not LedgerItem.objects.exists()


def test_finding_form_refuses_a_person_of_another_department(
    persona_client, discipline_office, department_a, department_b, head_a
):
    today = timezone.localdate()
    visit = planned_visit(discipline_office, [department_a], kind="ad_hoc", planned_on=today)
    visit = visits.visit_complete(
        visit=visit, by=discipline_office, visited_on=today, members="王某", methods=["visit"]
    )
    other = PersonFactory(department=department_b, name="乙科医生", employee_number="B0001")
    response = persona_client("discipline_office").post(
        reverse("supervision:finding_new", args=[visit.pk]),
        {
            "unit": department_a.pk,
            "finding": "问题。",
            "employee_number": other.employee_number,
            "due_on": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "乙科医生不是“心内科”的在职人员" in response.content.decode()
    assert not LedgerItem.objects.exists()


# --- an item -------------------------------------------------------------------------------


def test_item_page_offers_each_persona_its_step(persona_client, item_a, applicant_a):
    url = reverse("supervision:item", args=[item_a.pk])
    own = _page(persona_client("applicant_a"), url)
    assert 'id="rectify-form"' in own
    assert 'id="close-form"' not in own
    office = _page(persona_client("discipline_office"), url)
    assert 'id="rectify-form"' not in office
    assert 'id="close-form"' not in office  # not rectified yet
    rectified(item_a, applicant_a)
    office = _page(persona_client("discipline_office"), url)
    assert 'id="close-form"' in office
    assert 'id="send-back-form"' in office
    assert "整改.pdf" in office
    leader = _page(persona_client("leading_group"), url)
    assert 'id="close-form"' not in leader


def test_another_departments_item_does_not_exist_for_a_department(persona_client, item_b):
    client = persona_client("applicant_a")
    assert client.get(reverse("supervision:item", args=[item_b.pk])).status_code == 404
    assert client.get(reverse("supervision:unit_ledger", args=[item_b.unit_id])).status_code == 404


def test_rectify_with_the_wrong_kind_says_what_is_allowed(persona_client, item_a):
    response = persona_client("applicant_a").post(
        reverse("supervision:item_rectify", args=[item_a.pk]),
        {"text": "已整改。", "evidence": [text_upload("说明.txt")]},
    )
    assert response.status_code == 200
    assert "只能上传 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx） 文件" in response.content.decode()
    assert not LedgerRectification.objects.exists()


def test_rectify_then_send_back_then_close_through_the_pages(persona_client, item_a):
    department = persona_client("applicant_a")
    response = department.post(
        reverse("supervision:item_rectify", args=[item_a.pk]),
        {"text": "已整改。", "evidence": [pdf_upload()], "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    office = persona_client("discipline_office")
    office.post(reverse("supervision:item_send_back", args=[item_a.pk]), {"reason": "照片不清楚。"})
    item_a.refresh_from_db()
    assert item_a.state == LedgerState.SENT_BACK
    department = persona_client("applicant_a")
    department.post(
        reverse("supervision:item_rectify", args=[item_a.pk]),
        {"text": "已重新整改。", "evidence": [pdf_upload()], "submission_key": str(uuid.uuid4())},
    )
    office = persona_client("discipline_office")
    office.post(reverse("supervision:item_close", args=[item_a.pk]), {"note": ""})
    item_a.refresh_from_db()
    assert item_a.state == LedgerState.CLOSED


def test_evidence_is_served_to_the_unit_and_the_readers(persona_client, item_a, applicant_a):
    rectified(item_a, applicant_a)
    evidence = LedgerRectification.objects.get().evidence.get()
    url = reverse("supervision:evidence", args=[item_a.pk, evidence.pk])
    response = persona_client("applicant_a").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert persona_client("applicant_b").get(url).status_code == 404


# --- the ledger list -----------------------------------------------------------------------


def test_the_ledger_is_the_departments_own(persona_client, item_a, item_b):
    own = _page(persona_client("applicant_a"), reverse("supervision:ledger"))
    assert "学习记录不全" in own
    assert "风险点未排查" not in own
    office = _page(persona_client("party_office"), reverse("supervision:ledger"))
    assert "学习记录不全" in office
    assert "风险点未排查" in office
    assert 'id="ledger-counts"' in office


def test_the_ledger_filters_by_state_unit_and_overdue(
    persona_client, item_a, item_b, applicant_a, discipline_office, department_a, head_a
):
    rectified(item_a, applicant_a)
    client = persona_client("party_office")
    url = reverse("supervision:ledger")
    page = _page(client, url, state="rectified")
    assert "学习记录不全" in page
    assert "风险点未排查" not in page
    page = _page(client, url, unit=item_b.unit_id)
    assert "风险点未排查" in page
    assert "学习记录不全" not in page
    later = ledger_item_of(
        department_a,
        by=discipline_office,
        responsible=head_a.person,
        due_on=datetime.date(2026, 12, 31),
        finding="远期问题。",
    )
    today = timezone.localdate()
    page = _page(client, url, overdue="yes")
    # Items due 15 June 2026 not closed are overdue from 16 June; the one due at the
    # year's end is not (while it is not yet past).
    assert ("风险点未排查" in page) == (today > datetime.date(2026, 6, 15))
    assert ("远期问题" in page) == (today > later.due_on)


def test_the_ledger_exports_what_it_shows(persona_client, item_a, item_b):
    response = persona_client("party_office").get(reverse("supervision:ledger"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("科室", "问题", "整改责任人")
    assert {row[1] for row in rows[1:]} == {"学习记录不全。", "风险点未排查。"}
    assert all(row[7] in ("已逾期", "未到期") for row in rows[1:])


def test_the_ledger_prints(persona_client, item_a):
    page = _page(persona_client("discipline_office"), reverse("supervision:ledger"))
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    assert "data-print>打印</button>" in page
    assert '<div class="print-title">整改台账</div>' in page


def test_the_ledger_is_refused_to_who_speaks_for_no_unit(persona_client):
    assert persona_client("staff").get(reverse("supervision:ledger")).status_code == 403


def test_an_assigned_reviewer_reads_the_units_ledger(
    persona_client, item_a, party_office, department_a, department_b, applicant_a
):
    user = UserFactory(username="reviewer_b", roles=[Role.REVIEWER])
    PersonFactory(department=department_b, user=user)
    application = submitted_application(
        open_campaign(party_office), department_a, applicant=applicant_a
    )
    client = persona_client("staff")
    client.force_login(user)
    url = reverse("supervision:unit_ledger", args=[department_a.pk])
    assert client.get(url).status_code == 404
    assign_perm("appraisal.score_application", user, application)
    assert "学习记录不全" in _page(client, url)
    assert client.get(reverse("supervision:item", args=[item_a.pk])).status_code == 200


# --- queries do not grow with rows ---------------------------------------------------------


@pytest.mark.parametrize("export", [False, True])
def test_ledger_queries_do_not_grow_with_rows(persona_client, item_a, discipline_office, export):
    client = persona_client("party_office")
    url = reverse("supervision:ledger") + ("?export=xlsx" if export else "")
    client.get(url)
    few = _queries(client, url)
    for n in range(3):
        _other_unit_item(discipline_office, n)
    assert _queries(client, url) == few


def test_own_ledger_queries_do_not_grow_with_rows(
    persona_client, item_a, discipline_office, department_a, head_a
):
    client = persona_client("applicant_a")
    url = reverse("supervision:ledger")
    client.get(url)
    few = _queries(client, url)
    for n in range(3):
        ledger_item_of(
            department_a, by=discipline_office, responsible=head_a.person, finding=f"问题{n}。"
        )
    assert _queries(client, url) == few


def test_unit_ledger_queries_do_not_grow_with_rows(
    persona_client, item_a, discipline_office, department_a, head_a
):
    client = persona_client("discipline_office")
    url = reverse("supervision:unit_ledger", args=[department_a.pk])
    client.get(url)
    few = _queries(client, url)
    for n in range(3):
        ledger_item_of(
            department_a, by=discipline_office, responsible=head_a.person, finding=f"问题{n}。"
        )
    assert _queries(client, url) == few


@pytest.mark.parametrize("export", [False, True])
def test_visit_list_queries_do_not_grow_with_rows(
    persona_client, discipline_office, department_a, department_b, export
):
    client = persona_client("leading_group")
    url = reverse("supervision:visits") + ("?export=xlsx" if export else "")
    planned_visit(discipline_office, [department_a])
    client.get(url)
    few = _queries(client, url)
    for n in range(3):
        planned_visit(
            discipline_office, [department_a, department_b, DepartmentFactory(code=f"V{n}")]
        )
    assert _queries(client, url) == few


# --- home -------------------------------------------------------------------------------------


def _items(user):
    return [item for section in home_sections(user) for item in section["items"]]


def test_home_lists_the_departments_open_items_with_their_due_dates(item_a, head_a, applicant_a):
    today = timezone.localdate()
    mine = [item for item in _items(head_a) if item.label == "待整改：心内科"]
    assert len(mine) == 1
    assert mine[0].due_on == item_a.due_on
    assert mine[0].overdue == (item_a.due_on < today)
    assert mine[0].url == reverse("supervision:item", args=[item_a.pk])
    rectified(item_a, applicant_a)
    assert not [item for item in _items(head_a) if "心内科" in item.label and "整改" in item.label]


def test_home_gives_the_offices_the_checks_and_the_overdue(item_a, applicant_a, discipline_office):
    rectified(item_a, applicant_a)
    by_label = {item.label: item for item in _items(discipline_office)}
    assert by_label["待核查的整改事项"].count == 1
    assert by_label["逾期未销号的整改事项"].count == (
        1 if timezone.localdate() > item_a.due_on else 0
    )
    assert by_label["逾期未销号的整改事项"].url == reverse("supervision:ledger") + "?overdue=yes"


def test_home_lists_the_visits_planned_this_month(discipline_office, department_a, applicant_a):
    today = timezone.localdate()
    planned_visit(discipline_office, [department_a], kind="ad_hoc", planned_on=today)
    office = [item for item in _items(discipline_office) if item.label == "本月调研指导：心内科"]
    assert [item.due_on for item in office] == [today]
    own = [item for item in _items(applicant_a) if item.label == "本月调研指导：心内科"]
    assert [item.due_on for item in own] == [today]


def test_nav_links_the_ledger(persona_client, applicant_a):
    assert reverse("supervision:ledger") in _page(persona_client("applicant_a"), reverse("home"))
    content = _page(persona_client("leading_group"), reverse("home"))
    assert reverse("supervision:visits") in content
    assert reverse("supervision:visits") not in _page(persona_client("staff"), reverse("home"))


# --- the record kind -----------------------------------------------------------------------


def test_the_record_kind_counts_the_units_items_of_the_year(
    item_a, applicant_a, discipline_office, department_a, department_b, head_a
):
    rectified(item_a, applicant_a)
    ledger.ledger_close(
        item=item_a, by=discipline_office, now=datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)
    )
    late = ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)
    rectified(late, applicant_a)
    ledger.ledger_close(
        item=late, by=discipline_office, now=datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    )
    ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)
    summaries = record_kind("supervision.ledger_items").summarize(
        [department_a, department_b], 2026
    )
    a = summaries[department_a.pk]
    # On time: 1 of the 3 closed or past due (2 closed, 1 overdue): 33%, rounded down.
    assert a.figures == {
        "items": 3,
        "closed": 2,
        "closed_on_time": 1,
        "open": 1,
        "overdue": 1,
        "closed_on_time_percent": 33,
    }
    assert a.text == "整改事项 3 项，已销号 2 项（按期 1 项），逾期未销号 1 项"
    assert a.url == reverse("supervision:unit_ledger", args=[department_a.pk])
    b = summaries[department_b.pk]
    assert b.text == "整改事项 0 项，已销号 0 项（按期 0 项）"
    assert b.figures["closed_on_time_percent"] is None
    assert (
        record_kind("supervision.ledger_items")
        .summarize([department_a], 2027)[department_a.pk]
        .figures["items"]
        == 0
    )


def test_the_record_kind_summarises_in_one_query(
    django_assert_num_queries, item_a, department_a, department_b
):
    units = [department_a, department_b, *(DepartmentFactory(code=f"K{n}") for n in range(5))]
    with django_assert_num_queries(1):
        summaries = record_summaries(units, 2026, keys={"supervision.ledger_items"})
    assert summaries[department_a.pk][0].figures["items"] == 1


def test_the_kept_record_kind_changes_with_each_step_of_the_ledger(
    item_a, applicant_a, discipline_office, department_a, head_a
):
    """Kept in the cache (record_summaries_kept) until the ledger changes: a new finding,
    the rectification and the office's check each show on the next read."""
    from appraisal.records import record_summaries_kept

    year = item_a.visit.year

    def figures():
        (summary,) = record_summaries_kept([department_a], year, keys={"supervision.ledger_items"})[
            department_a.pk
        ]
        return summary.figures["items"], summary.figures["open"], summary.figures["closed"]

    assert figures() == (1, 1, 0)
    ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)
    assert figures() == (2, 2, 0)
    rectified(item_a, applicant_a)
    assert figures() == (2, 2, 0)
    ledger.ledger_close(item=item_a, by=discipline_office)
    assert figures() == (2, 1, 1)


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_year_round(settings):
    from home.demo import load_demo_hospital
    from supervision.demo import load_demo_year_round

    load_demo_hospital()
    first = load_demo_year_round()
    assert first.state == VisitState.DONE
    states = dict(first.ledger_items.values_list("unit__code", "state"))
    assert states == {"XNK": "closed", "JYK": "rectified", "HXK": "open"}
    assert first.ledger_items.get(unit__code="XNK").closed_on_time is True
    second = Visit.objects.exclude(pk=first.pk).get()
    assert (second.kind, second.state) == ("second_half", VisitState.PLANNED)
    assert load_demo_year_round() is None
    assert Visit.objects.count() == 2
