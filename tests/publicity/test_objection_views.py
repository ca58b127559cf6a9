"""Objection pages, and objector privacy across every page department A can reach."""

import datetime
import io
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from notifications.models import Notification
from publicity.enums import ObjectionState, PublicityState
from publicity.models import Objection, Publicity
from publicity.services import objection_handling as services
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    listed_publicity,
    objection_of,
    objector,
    pdf_upload,
    text_upload,
)

pytestmark = pytest.mark.django_db

# The objector's identifiers: none may reach department A.
OBJECTOR_NAME = "钟晓珣"
OBJECTOR_USERNAME = "zhongxx_whistle"
OBJECTOR_NUMBER = "E99173"
IDENTIFIERS = (OBJECTOR_NAME, OBJECTOR_USERNAME, OBJECTOR_NUMBER)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def listed(party_office, department_a, department_b, applicant_a, head_a):
    publicity, (a, b) = listed_publicity(party_office, [department_a, department_b])
    return publicity, a, b


@pytest.fixture
def raiser(department_b):
    return objector(
        OBJECTOR_USERNAME,
        name=OBJECTOR_NAME,
        department=department_b,
        employee_number=OBJECTOR_NUMBER,
    )


@pytest.fixture
def objection(listed, raiser, media_root):
    publicity, a, _ = listed
    return objection_of(publicity, a, raiser, uploads=[pdf_upload("现场照片.pdf")])


def _new_url(publicity):
    return reverse("publicity:objection_new", args=[publicity.pk])


# --- the form ---------------------------------------------------------------------------


def test_objection_form_lists_the_departments_on_the_list(client, listed, raiser):
    publicity, a, b = listed
    client.force_login(raiser)
    page = client.get(_new_url(publicity), {"application": a.pk}).content.decode()
    assert f'<option value="{a.pk}" selected>心内科</option>' in page
    assert f'<option value="{b.pk}">骨科</option>' in page
    assert 'data-char-count="objection-count"' in page
    assert 'name="attachments"' in page
    assert " multiple " in page
    assert "您的姓名和工号只有纪检监察室和党办可以看到，不会告知被提出异议的科室。" in page


def test_objection_form_leaves_out_a_department_taken_off(client, listed, raiser):
    from appraisal.enums import ApplicationState
    from appraisal.models import Application

    publicity, a, _ = listed
    Application.objects.filter(pk=a.pk).update(state=ApplicationState.REMOVED)
    client.force_login(raiser)
    page = client.get(_new_url(publicity)).content.decode()
    assert "心内科" not in page
    assert "骨科" in page


def test_objection_form_submits_and_redirects_to_the_receipt(client, listed, raiser, media_root):
    publicity, a, _ = listed
    client.force_login(raiser)
    response = client.post(
        _new_url(publicity),
        {
            "application": a.pk,
            "content": "科室收受红包。",
            "attachments": [pdf_upload("一.pdf"), pdf_upload("二.pdf")],
        },
    )
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:objection_receipt", args=[objection.pk])
    assert [a.original_name for a in objection.attachments.all()] == ["一.pdf", "二.pdf"]
    receipt = client.get(response["Location"]).content.decode()
    assert objection.receipt_number in receipt
    assert "心内科" in receipt
    assert "待受理" in receipt


def test_objection_form_shows_a_wrong_file_type(client, listed, raiser, media_root):
    publicity, a, _ = listed
    client.force_login(raiser)
    response = client.post(
        _new_url(publicity),
        {"application": a.pk, "content": "内容", "attachments": [text_upload("a.txt")]},
    )
    assert response.status_code == 200
    assert "只能上传 PDF、JPG、PNG、Word（.docx） 文件" in response.content.decode()
    assert Objection.objects.count() == 0


def test_objection_form_requires_content(client, listed, raiser):
    publicity, a, _ = listed
    client.force_login(raiser)
    response = client.post(_new_url(publicity), {"application": a.pk, "content": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["content"]
    assert Objection.objects.count() == 0


def test_objection_form_refuses_an_oversized_body_unread(
    client, listed, raiser, media_root, monkeypatch
):
    from publicity.views import objections as views

    monkeypatch.setattr(views, "MAX_OBJECTION_BODY", 1024)
    publicity, a, _ = listed
    client.force_login(raiser)
    response = client.post(
        _new_url(publicity),
        {"application": a.pk, "content": "内容", "attachments": [pdf_upload(size=4096)]},
    )
    assert response.status_code == 413
    assert "提交的文件过大" in response.content.decode()
    assert Objection.objects.count() == 0


def test_objection_form_refuses_a_file_over_the_limit(
    client, listed, raiser, media_root, monkeypatch
):
    from publicity.views import objections as views

    monkeypatch.setattr(views, "MAX_ATTACHMENT_BYTES", 1024)
    publicity, a, _ = listed
    client.force_login(raiser)
    response = client.post(
        _new_url(publicity),
        {"application": a.pk, "content": "内容", "attachments": [pdf_upload(size=4096)]},
    )
    assert response.status_code == 413
    assert Objection.objects.count() == 0


def test_objection_form_of_a_closed_publicity_has_no_form(client, listed, raiser):
    publicity, _, _ = listed
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.CLOSED)
    client.force_login(raiser)
    page = client.get(_new_url(publicity)).content.decode()
    assert "该公示当前不在公示期内，不能提出异议。" in page
    assert 'name="content"' not in page


def test_objection_form_shows_the_daily_limit(client, listed, raiser):
    publicity, a, _ = listed
    for _ in range(5):
        objection_of(publicity, a, raiser)
    client.force_login(raiser)
    response = client.post(_new_url(publicity), {"application": a.pk, "content": "第六条"})
    assert "每人每天最多提出 5 条异议，您今天已提出 5 条。请明天再提。" in response.content.decode()


# --- the objector's pages ---------------------------------------------------------------


def test_receipt_only_for_the_objector(client, objection, staff):
    client.force_login(staff)
    assert (
        client.get(reverse("publicity:objection_receipt", args=[objection.pk])).status_code == 404
    )


def test_receipt_shows_the_findings_once_settled(client, objection, raiser, discipline_office):
    taken = services.objection_take_up(objection=objection, by=discipline_office)
    services.objection_settle(
        objection=taken, by=discipline_office, upheld=False, findings="查无实据"
    )
    client.force_login(raiser)
    page = client.get(reverse("publicity:objection_receipt", args=[objection.pk])).content.decode()
    assert "异议不成立" in page
    assert "查无实据" in page


def test_my_objections_lists_only_mine(client, listed, raiser, staff):
    publicity, a, b = listed
    mine = objection_of(publicity, a, raiser)
    theirs = objection_of(publicity, b, staff)
    client.force_login(raiser)
    page = client.get(reverse("publicity:my_objections")).content.decode()
    assert mine.receipt_number in page
    assert theirs.receipt_number not in page


def _queries(client, url):
    client.get(url)  # the session's refresh (once a minute) is not the list's
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_my_objections_query_count_does_not_grow(client, listed, raiser):
    publicity, a, b = listed
    objection_of(publicity, a, raiser)
    client.force_login(raiser)
    url = reverse("publicity:my_objections")
    one = _queries(client, url)
    for application in (a, b, b):
        objection_of(publicity, application, raiser)
    assert _queries(client, url) == one


# --- the offices' pages -----------------------------------------------------------------


def test_objection_list_names_the_objector_for_the_offices(
    persona_client, objection, discipline_office, party_office
):
    for persona in ("discipline_office", "party_office"):
        page = persona_client(persona).get(reverse("publicity:objections")).content.decode()
        assert objection.receipt_number in page
        assert OBJECTOR_NAME in page
        assert OBJECTOR_NUMBER in page
        assert "心内科" in page


def test_objection_list_filters_by_state_and_publicity(
    persona_client, objection, discipline_office
):
    client = persona_client("discipline_office")
    url = reverse("publicity:objections")
    assert objection.receipt_number in client.get(url, {"state": "submitted"}).content.decode()
    filtered = client.get(url, {"state": "taken_up"}, headers={"HX-Request": "true"})
    assert "没有符合条件的异议。" in filtered.content.decode()
    assert "<html" not in filtered.content.decode()
    by_publicity = client.get(url, {"publicity": objection.publicity_id}).content.decode()
    assert objection.receipt_number in by_publicity


def test_objection_list_query_count_does_not_grow(
    persona_client, listed, raiser, discipline_office, department_b
):
    publicity, a, b = listed
    objection_of(publicity, a, raiser)
    client = persona_client("discipline_office")
    url = reverse("publicity:objections")
    one = _queries(client, url)
    for n in range(3):
        other = objector(f"raiser{n}", department=DepartmentFactory())
        taken = objection_of(publicity, b, other)
        services.objection_take_up(objection=taken, by=discipline_office)
    assert _queries(client, url) == one


def test_objection_list_sorts_by_department(persona_client, listed, raiser, about_b):
    publicity, a, _ = listed
    about_a = objection_of(publicity, a, raiser)
    client = persona_client("discipline_office")
    url = reverse("publicity:objections")
    for sort, first, second in (("unit", about_a, about_b), ("-unit", about_b, about_a)):
        page = client.get(url, {"sort": sort}).content.decode()
        assert page.index(first.receipt_number) < page.index(second.receipt_number)


def test_objection_list_filters_by_department_and_submission_date(
    persona_client, listed, raiser, about_b
):
    publicity, a, b = listed
    about_a = objection_of(publicity, a, raiser)
    client = persona_client("discipline_office")
    url = reverse("publicity:objections")
    page = client.get(url, {"unit": b.unit_id}).content.decode()
    assert about_b.receipt_number in page
    assert about_a.receipt_number not in page
    today = about_a.submitted_at.astimezone(SHANGHAI).date()
    shown = client.get(url, {"submitted_from": today, "submitted_to": today}).content.decode()
    assert about_a.receipt_number in shown
    later = today + datetime.timedelta(days=1)
    none = client.get(url, {"submitted_from": later}).content.decode()
    assert about_a.receipt_number not in none
    assert 'type="date" name="submitted_from"' in none


def test_objection_export_names_the_objector_to_the_offices_in_the_shown_order(
    persona_client, listed, raiser, about_b
):
    publicity, a, _ = listed
    about_a = objection_of(publicity, a, raiser)
    response = persona_client("party_office").get(
        reverse("publicity:objections"), {"sort": "-unit", "export": "xlsx"}
    )
    rows = _sheet_rows(response.content)
    assert rows[0] == [
        "受理编号",
        "科室",
        "评选批次",
        "异议人",
        "工号",
        "状态",
        "提出时间",
        "承办人",
    ]
    assert [row[0] for row in rows[1:]] == [about_b.receipt_number, about_a.receipt_number]
    assert rows[2][3:5] == [OBJECTOR_NAME, OBJECTOR_NUMBER]


def test_objection_export_never_carries_objections_about_the_readers_department(
    client, objection, about_b, offices_of_a
):
    url = reverse("publicity:objections")
    for user in offices_of_a:
        client.force_login(user)
        for params in (
            {},
            {"state": "submitted"},
            {"publicity": objection.publicity_id},
            {"unit": objection.application.unit_id},
            {"sort": "objector"},
        ):
            response = client.get(url, {**params, "export": "xlsx"})
            assert response["Content-Type"].startswith(XLSX_TYPE)
            rows = _sheet_rows(response.content)
            numbers = [row[0] for row in rows[1:]]
            assert objection.receipt_number not in numbers, user
            _assert_private(response, user, url)
        assert [row[0] for row in _sheet_rows(client.get(url, {"export": "xlsx"}).content)[1:]] == [
            about_b.receipt_number
        ]


def test_objection_export_is_refused_to_the_department_and_staff(persona_client, objection):
    for persona in ("applicant_a", "staff"):
        response = persona_client(persona).get(reverse("publicity:objections"), {"export": "xlsx"})
        assert response.status_code == 403


def test_my_objections_export_holds_only_mine_without_an_objector_column(
    client, listed, raiser, staff
):
    publicity, a, b = listed
    mine = objection_of(publicity, a, raiser)
    objection_of(publicity, b, staff)
    client.force_login(raiser)
    rows = _sheet_rows(client.get(reverse("publicity:my_objections"), {"export": "xlsx"}).content)
    assert rows[0] == ["受理编号", "科室", "评选批次", "状态", "提出时间"]
    assert [row[0] for row in rows[1:]] == [mine.receipt_number]


def test_my_objections_filter_by_state(client, listed, raiser, discipline_office):
    publicity, a, b = listed
    taken = objection_of(publicity, a, raiser)
    services.objection_take_up(objection=taken, by=discipline_office)
    waiting = objection_of(publicity, b, raiser)
    client.force_login(raiser)
    page = client.get(reverse("publicity:my_objections"), {"state": "taken_up"}).content.decode()
    assert taken.receipt_number in page
    assert waiting.receipt_number not in page


@pytest.mark.parametrize("query", ["", "?export=xlsx"])
def test_objection_list_and_export_query_count_does_not_grow(
    persona_client, listed, raiser, discipline_office, query
):
    publicity, a, b = listed
    objection_of(publicity, a, raiser)
    client = persona_client("discipline_office")
    url = reverse("publicity:objections") + query + ("&" if query else "?") + "sort=objector"
    one = _queries(client, url)
    for n in range(3):
        taken = objection_of(publicity, b, objector(f"raiser{n}", department=DepartmentFactory()))
        services.objection_take_up(objection=taken, by=discipline_office)
    assert _queries(client, url) == one


def test_objection_detail_take_up_then_settle_forms(persona_client, objection, discipline_office):
    client = persona_client("discipline_office")
    url = reverse("publicity:objection", args=[objection.pk])
    page = client.get(url).content.decode()
    assert OBJECTOR_NAME in page
    assert OBJECTOR_NUMBER in page
    assert "现场照片.pdf" in page
    assert reverse("publicity:objection_take_up", args=[objection.pk]) in page
    response = client.post(reverse("publicity:objection_take_up", args=[objection.pk]))
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert 'id="settle-upheld" data-confirm="确认异议成立？“心内科”将撤出公示名单' in page
    assert 'id="settle-dismissed"' in page
    upheld, dismissed = page.split('id="settle-dismissed"')
    assert "调查结论连同受理编号通知被异议科室的申报人和科室负责人" in upheld
    assert "不通知被异议科室" not in upheld
    assert "调查结论只通知异议人和党办（属于被异议科室的人员除外），不通知被异议科室。" in dismissed
    assert "不会得知异议人是谁" in upheld
    assert "该科室不会得知异议人是谁" in upheld


def test_objection_detail_has_no_forms_for_the_party_office(persona_client, objection):
    page = (
        persona_client("party_office")
        .get(reverse("publicity:objection", args=[objection.pk]))
        .content.decode()
    )
    assert OBJECTOR_NAME in page
    assert "settle-upheld" not in page
    assert reverse("publicity:objection_take_up", args=[objection.pk]) not in page


def test_objection_settle_without_findings_shows_the_error(
    persona_client, objection, discipline_office
):
    services.objection_take_up(objection=objection, by=discipline_office)
    client = persona_client("discipline_office")
    response = client.post(
        reverse("publicity:objection_settle", args=[objection.pk]),
        {"upheld": "yes", "findings": ""},
    )
    assert response.status_code == 200
    assert response.context["settle_forms"]["upheld"].errors["findings"]
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.TAKEN_UP


def test_objection_settle_upheld_from_the_page(persona_client, objection, discipline_office):
    services.objection_take_up(objection=objection, by=discipline_office)
    client = persona_client("discipline_office")
    response = client.post(
        reverse("publicity:objection_settle", args=[objection.pk]),
        {"upheld": "yes", "findings": "经核实属实"},
        follow=True,
    )
    assert "已办结：异议成立，该科室已撤出公示名单。" in response.content.decode()
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.UPHELD
    objection.application.refresh_from_db()
    assert objection.application.state == "removed"


def test_objection_take_up_and_settle_hidden_from_the_discipline_office_of_the_department(
    client, objection, discipline_office, offices_of_a
):
    """Nobody handles an objection about their own department: for them it does not exist."""
    take_up = reverse("publicity:objection_take_up", args=[objection.pk])
    settle = reverse("publicity:objection_settle", args=[objection.pk])
    for user in offices_of_a[1::2]:  # the discipline office's
        client.force_login(user)
        assert client.post(take_up).status_code == 404, user
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.SUBMITTED
    services.objection_take_up(objection=objection, by=discipline_office)
    for user in offices_of_a[1::2]:
        client.force_login(user)
        response = client.post(settle, {"upheld": "yes", "findings": "属实"})
        assert response.status_code == 404, user
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.TAKEN_UP


def test_attachment_download_for_objector_and_offices(client, persona_client, objection, raiser):
    attachment = objection.attachments.get()
    url = reverse("publicity:objection_attachment", args=[objection.pk, attachment.pk])
    client.force_login(raiser)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for persona in ("discipline_office", "party_office"):
        assert persona_client(persona).get(url).status_code == 200


def test_attachment_download_refused_to_the_department(persona_client, objection):
    attachment = objection.attachments.get()
    url = reverse("publicity:objection_attachment", args=[objection.pk, attachment.pk])
    for persona in ("applicant_a", "head_a", "staff"):
        assert persona_client(persona).get(url).status_code == 404


# --- the offices' members of the department objected to ---------------------------------


@pytest.fixture
def offices_of_a(party_office_of_a, discipline_office_of_a, department_a):
    """Party office, discipline office, party office and discipline office again: the
    first two work in department A, the last two in its clean team."""
    team = DepartmentFactory(code="A01-T1", name="心内科导管室团队", parent=department_a)
    in_team = []
    for username, role in (
        ("party_office_team_a", Role.PARTY_OFFICE),
        ("discipline_office_team_a", Role.DISCIPLINE_OFFICE),
    ):
        user = UserFactory(username=username, roles=[role])
        PersonFactory(user=user, department=team)
        in_team.append(user)
    return [party_office_of_a, discipline_office_of_a, *in_team]


@pytest.fixture
def about_b(listed):
    """An objection to department B by someone else, which the offices of A do read."""
    publicity, _, b = listed
    return objection_of(publicity, b, objector("raiser_b", department=DepartmentFactory()))


def test_objection_list_leaves_out_objections_about_the_readers_department(
    client, objection, about_b, offices_of_a
):
    url = reverse("publicity:objections")
    for user in offices_of_a:
        client.force_login(user)
        for params in ({}, {"state": "submitted"}, {"publicity": objection.publicity_id}):
            response = client.get(url, params)
            page = response.content.decode()
            assert objection.receipt_number not in page, user
            assert about_b.receipt_number in page
            assert response.context["table"].paginator.count == 1
            _assert_private(response, user, url)


def test_objection_list_offers_no_publicity_known_only_from_the_readers_department(
    client, persona_client, objection, offices_of_a
):
    url = reverse("publicity:objections")
    for user in offices_of_a:
        client.force_login(user)
        response = client.get(url)
        form = response.context["filter"].form
        assert list(form.fields["publicity"].queryset) == []
        assert list(form.fields["unit"].queryset) == []
        assert "没有符合条件的异议。" in response.content.decode()
    form = persona_client("discipline_office").get(url).context["filter"].form
    assert list(form.fields["publicity"].queryset) == [objection.publicity]
    assert list(form.fields["unit"].queryset) == [objection.application.unit]


def test_home_counts_leave_out_objections_about_the_readers_department(
    client, objection, about_b, offices_of_a, discipline_office
):
    services.objection_take_up(objection=about_b, by=discipline_office)
    for user in offices_of_a[1::2]:
        client.force_login(user)
        page = client.get(reverse("home"))
        items = {item.label: item for s in page.context["sections"] for item in s["items"]}
        assert (items["待受理的异议"].count, items["调查中的异议"].count) == (0, 1), user
        _assert_private(page, user, reverse("home"))


def test_objection_detail_and_attachment_hidden_from_the_offices_of_the_department(
    client, persona_client, objection, about_b, offices_of_a
):
    attachment = objection.attachments.get()
    hidden = [
        reverse("publicity:objection", args=[objection.pk]),
        reverse("publicity:objection_attachment", args=[objection.pk, attachment.pk]),
        reverse("publicity:objection_receipt", args=[objection.pk]),
    ]
    for user in offices_of_a:
        client.force_login(user)
        for url in hidden:
            assert client.get(url).status_code == 404, f"{user} reached {url}"
        assert client.get(reverse("publicity:objection", args=[about_b.pk])).status_code == 200
    for url in hidden[:2]:
        assert persona_client("discipline_office").get(url).status_code == 200


# --- home -------------------------------------------------------------------------------


def test_home_shows_the_discipline_office_what_waits(persona_client, objection, listed, raiser):
    publicity, _, b = listed
    objection_of(publicity, b, raiser)
    page = persona_client("discipline_office").get(reverse("home"))
    items = {item.label: item for s in page.context["sections"] for item in s["items"]}
    assert items["待受理的异议"].count == 2
    assert items["调查中的异议"].count == 0
    assert items["待受理的异议"].url == "/publicity/objections/?state=submitted"


def test_home_shows_the_objector_their_open_objections(client, objection, raiser):
    client.force_login(raiser)
    page = client.get(reverse("home")).content.decode()
    assert f"我的异议 {objection.receipt_number}：心内科" in page


# --- objector privacy -------------------------------------------------------------------

SKIPPED_LINKS = ("/accounts/logout", "/manage/", "/static/", "/i18n/")


def _links(html):
    return {
        href for href in re.findall(r'href="(/[^"#]*)', html) if not href.startswith(SKIPPED_LINKS)
    }


def _sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _assert_private(response, who, url):
    text = response.content if not response.streaming else b"".join(response.streaming_content)
    if response.get("Content-Type", "").startswith(XLSX_TYPE):
        # A workbook is zipped: read its cells, not its bytes.
        text = repr(_sheet_rows(text)).encode()
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    for identifier in IDENTIFIERS:
        assert identifier.encode() not in text, f"{identifier} shown to {who} at {url}"
        assert identifier not in headers, f"{identifier} in the headers for {who} at {url}"


def _start_pages(applications):
    pages = [reverse("home"), reverse("notifications:inbox"), reverse("publicity:my_objections")]
    for application in applications:
        pages += [
            reverse("appraisal:application", args=[application.pk]),
            reverse("appraisal:application_result", args=[application.pk]),
            reverse("appraisal:unit_home", args=[application.campaign_id, application.unit_id]),
        ]
    pages.append(reverse("publicity:board"))
    return pages


def test_objector_never_shown_to_the_department(
    client,
    listed,
    raiser,
    media_root,
    applicant_a,
    head_a,
    reviewer_a,
    branch_secretary_a,
    department_a,
    discipline_office,
):
    publicity, a, b = listed
    member = UserFactory(username="member_a", name="科员甲")
    PersonFactory(user=member, department=department_a, name="科员甲")
    # One upheld (department A off the list), one dismissed, one still open.
    upheld = objection_of(publicity, a, raiser, uploads=[pdf_upload()])
    services.objection_take_up(objection=upheld, by=discipline_office)
    services.objection_settle(
        objection=upheld, by=discipline_office, upheld=True, findings="经核实，情况属实。"
    )
    Publicity.objects.filter(pk=publicity.pk).update(state=PublicityState.OPEN)
    dismissed = objection_of(publicity, b, raiser)
    services.objection_take_up(objection=dismissed, by=discipline_office)
    services.objection_settle(
        objection=dismissed, by=discipline_office, upheld=False, findings="查无实据。"
    )
    pending = objection_of(publicity, b, raiser)
    department_people = [applicant_a, head_a, reviewer_a, branch_secretary_a, member]

    for note in Notification.objects.filter(recipient__in=department_people):
        for identifier in IDENTIFIERS:
            assert identifier not in f"{note.subject} {note.body} {note.url}"
    assert Notification.objects.filter(recipient=applicant_a, subject__contains="异议成立").exists()

    objection_pages = [
        reverse("publicity:objections"),
        *(
            reverse(name, args=[o.pk])
            for o in (upheld, dismissed, pending)
            for name in ("publicity:objection", "publicity:objection_receipt")
        ),
        reverse("publicity:objection_attachment", args=[upheld.pk, upheld.attachments.get().pk]),
    ]
    for user in department_people:
        client.force_login(user)
        for url in objection_pages:
            assert client.get(url).status_code in (403, 404), f"{user} reached {url}"
        seen, queue = set(), _start_pages([a])
        while queue and len(seen) < 150:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200:
                continue
            _assert_private(response, user, url)
            if response.get("Content-Type", "").startswith("text/html"):
                queue.extend(_links(response.content.decode()) - seen)
        client.logout()


# The roster names every employee, objectors among them, to the offices that keep it; so
# does a unit's integrity records page (who signed, who had a talk: its members by name).
ROSTER_PAGES = ("/departments/", "/integrity/units/")


def test_objector_never_shown_to_the_offices_of_the_department(
    client, listed, raiser, media_root, offices_of_a, discipline_office
):
    publicity, a, _ = listed
    dismissed = objection_of(publicity, a, raiser, uploads=[pdf_upload()])
    services.objection_take_up(objection=dismissed, by=discipline_office)
    services.objection_settle(
        objection=dismissed, by=discipline_office, upheld=False, findings="查无实据。"
    )
    pending = objection_of(publicity, a, raiser)
    services.objection_take_up(objection=pending, by=discipline_office)
    upheld = objection_of(publicity, a, raiser)
    services.objection_take_up(objection=upheld, by=discipline_office)
    services.objection_settle(
        objection=upheld, by=discipline_office, upheld=True, findings="经核实，情况属实。"
    )
    about_a = (dismissed, pending, upheld)
    numbers = [o.receipt_number for o in about_a]

    for note in Notification.objects.filter(recipient__in=offices_of_a):
        for text in (*IDENTIFIERS, *numbers):
            assert text not in f"{note.subject} {note.body} {note.url}"

    hidden = [
        *(reverse("publicity:objection", args=[o.pk]) for o in about_a),
        reverse(
            "publicity:objection_attachment", args=[dismissed.pk, dismissed.attachments.get().pk]
        ),
    ]
    for user in offices_of_a:
        client.force_login(user)
        for url in hidden:
            assert client.get(url).status_code == 404, f"{user} reached {url}"
        seen, queue = set(), [reverse("publicity:objections"), *_start_pages([a])]
        while queue and len(seen) < 150:
            url = queue.pop()
            if url in seen or url.startswith(ROSTER_PAGES):
                continue
            seen.add(url)
            response = client.get(url)
            if response.status_code != 200:
                continue
            _assert_private(response, user, url)
            if response.get("Content-Type", "").startswith("text/html"):
                queue.extend(_links(response.content.decode()) - seen)
        client.logout()
