"""The responsibility pages through the client: what each shows, the forms' refusals on the
page, the export, and queries that do not grow with rows."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from responsibility.enums import ListState
from responsibility.models import Holder, ResponsibilityList
from responsibility.services import lists as services
from tests.factories import DepartmentFactory, PersonFactory, pdf_upload, text_upload
from tests.responsibility.factories import holder, holder_person, item, signed_list

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _same_queries(client, url, add_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_rows()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(one)


@pytest.fixture
def mine(applicant_a, party_office):
    """applicant_a is a holder of this year."""
    return holder(applicant_a.person, by=party_office)


# --- the party office's pages ----------------------------------------------------------------


def test_the_year_chosen_is_the_year_shown(persona_client):
    client = persona_client("party_office")
    content = _page(client, reverse("responsibility:holders"))
    assert f'<option value="{YEAR}" selected>' in content
    content = _page(client, reverse("responsibility:holders"), year=YEAR + 1)
    assert f'<option value="{YEAR + 1}" selected>' in content
    assert f"{YEAR + 1}年度问题清单和责任清单" in content
    content = _page(client, reverse("responsibility:overview"), sort="-name")
    assert f'<option value="{YEAR}" selected>' in content


def test_overview_sorts_by_percent_with_units_without_holders(
    persona_client, party_office, department_a, department_b
):
    signed_list(holder(holder_person(department_a), by=party_office))
    content = _page(
        persona_client("party_office"), reverse("responsibility:overview"), sort="percent"
    )
    assert content.index("骨科") < content.index("心内科")


def test_holders_list_shows_where_each_stands(persona_client, party_office, department_a):
    signed_list(holder(holder_person(department_a, name="已签者"), by=party_office))
    item(holder(holder_person(department_a, name="未签者"), by=party_office))
    holder(holder_person(department_a, name="未填者"), by=party_office)
    content = _page(persona_client("party_office"), reverse("responsibility:holders"))
    assert "已签名备案" in content
    assert "已填报未签名" in content
    assert "未填报" in content
    client = persona_client("party_office")
    content = _page(client, reverse("responsibility:holders"), status="not_filed")
    assert "未填者" in content
    assert "已签者" not in content
    assert "未签者" not in content
    content = _page(client, reverse("responsibility:holders"), status="not_signed")
    assert "未签者" in content
    assert "未填者" not in content


def test_holders_list_overdue_filter(persona_client, party_office, department_a):
    late = holder(holder_person(department_a, name="逾期者"), by=party_office)
    signed_list(late, due_on=datetime.date(YEAR, 1, 1))
    on_time = holder(holder_person(department_a, name="按期者"), by=party_office)
    signed_list(on_time)
    content = _page(persona_client("party_office"), reverse("responsibility:holders"), overdue="on")
    if timezone.localdate() > datetime.date(YEAR, 1, 1):
        assert "逾期者" in content
    assert "按期者" not in content


def test_holders_list_exports_what_it_shows(persona_client, party_office, department_a):
    signed_list(holder(holder_person(department_a, name="已签者"), by=party_office))
    response = persona_client("discipline_office").get(
        reverse("responsibility:holders"), {"export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("所在科室", "姓名", "工号", "类别", "填报情况")
    assert rows[1][0] == "心内科"
    assert rows[1][1] == "已签者"
    assert rows[1][3] == "干部"
    assert rows[1][4] == "已签名备案"
    assert rows[1][5] == "本人在线签名"


def test_a_head_sees_only_their_units_holders(persona_client, head_a, party_office, department_b):
    holder(holder_person(head_a.person.department, name="本科室人员"), by=party_office)
    holder(holder_person(department_b, name="他科人员"), by=party_office)
    content = _page(persona_client("head_a"), reverse("responsibility:holders"))
    assert "本科室人员" in content
    assert "他科人员" not in content


def test_unit_filter_takes_the_clean_teams(persona_client, party_office, department_a):
    team = DepartmentFactory(parent=department_a, name="导管室清廉团队")
    holder(holder_person(team, name="团队成员"), by=party_office)
    content = _page(
        persona_client("party_office"), reverse("responsibility:holders"), unit=department_a.pk
    )
    assert "团队成员" in content


def test_adding_holders_from_pasted_numbers(persona_client, department_a):
    PersonFactory(department=department_a, employee_number="E8001", name="采购员")
    response = persona_client("party_office").post(
        reverse("responsibility:holder_add"),
        {"year": YEAR, "reason": "key_post", "employee_numbers": "E8001\nE8001", "note": ""},
        follow=True,
    )
    assert "已添加 1 人。" in response.content.decode()
    assert Holder.objects.get().person.name == "采购员"


def test_adding_an_unknown_number_shows_the_line_and_adds_nobody(persona_client):
    response = persona_client("party_office").post(
        reverse("responsibility:holder_add"),
        {"year": YEAR, "reason": "cadre", "employee_numbers": "Z999", "note": ""},
    )
    assert response.status_code == 200
    assert "第1行“Z999”：没有找到在册人员的工号" in response.content.decode()
    assert Holder.objects.count() == 0


def test_filling_from_heads(persona_client, head_a):
    response = persona_client("party_office").post(
        reverse("responsibility:fill_heads"), {"year": YEAR}, follow=True
    )
    assert "已添加 1 人。" in response.content.decode()
    assert Holder.objects.get().person == head_a.person


def test_removing_a_holder_from_the_page(persona_client, mine):
    response = persona_client("party_office").post(
        reverse("responsibility:holder_remove", args=[mine.pk]),
        {"removed_on": timezone.localdate().isoformat(), "reason": "调离"},
        follow=True,
    )
    content = response.content.decode()
    assert "已移出名单。" in content
    assert "调离" in content
    mine.refresh_from_db()
    assert mine.removed_by.username == "party_office"


def test_overview_per_department(persona_client, party_office, department_a, department_b):
    signed_list(holder(holder_person(department_a, name="甲"), by=party_office))
    holder(holder_person(department_a, name="乙"), by=party_office)
    response = persona_client("party_committee").get(
        reverse("responsibility:overview"), {"export": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["心内科"][1:6] == (2, 1, 0, 1, 50)
    assert by_name["骨科"][1] == 0


# --- a holder's list ---------------------------------------------------------------------------


def test_the_holder_files_and_signs_through_the_pages(persona_client, mine):
    client = persona_client("applicant_a")
    response = client.post(
        reverse("responsibility:item_add", args=[mine.pk]),
        {
            "kind": "responsibility",
            "text": "履行一岗双责",
            "measures": "每季约谈",
            "due_on": f"{YEAR}-12-31",
        },
        follow=True,
    )
    assert "已添加事项。" in response.content.decode()
    response = client.post(reverse("responsibility:list_sign", args=[mine.pk]), follow=True)
    content = response.content.decode()
    assert "已签名，清单已报党办备案。" in content
    assert "本人在线签名" in content
    assert ResponsibilityList.objects.get().state == ListState.SIGNED


def test_an_item_refused_on_the_form(persona_client, mine):
    response = persona_client("applicant_a").post(
        reverse("responsibility:item_add", args=[mine.pk]),
        {"kind": "problem", "text": "问题", "measures": "  ", "due_on": f"{YEAR}-12-31"},
    )
    assert response.status_code == 200
    assert "这个字段是必填项。" in response.content.decode()
    assert ResponsibilityList.objects.count() == 0


def test_signing_an_empty_list_says_why(persona_client, mine):
    response = persona_client("applicant_a").post(
        reverse("responsibility:list_sign", args=[mine.pk]), follow=True
    )
    assert "请先填写问题和责任" in response.content.decode()


def test_the_party_office_uploads_a_scan_and_the_readers_open_it(
    persona_client, mine, party_office, media_root
):
    item(mine, by=party_office)
    client = persona_client("party_office")
    refused = client.post(
        reverse("responsibility:list_scan", args=[mine.pk]), {"scan": text_upload()}
    )
    assert refused.status_code == 200
    assert "PDF" in refused.content.decode()
    response = client.post(
        reverse("responsibility:list_scan", args=[mine.pk]),
        {"scan": pdf_upload("签名.pdf")},
        follow=True,
    )
    assert "已上传签名扫描件，清单已备案。" in response.content.decode()
    version = ResponsibilityList.objects.get()
    scan = persona_client("head_a").get(reverse("responsibility:scan_file", args=[version.pk]))
    assert scan.status_code == 200
    assert scan["Content-Type"] == "application/pdf"
    assert scan["X-Content-Type-Options"] == "nosniff"


def test_revising_and_progress_through_the_pages(persona_client, mine):
    version = signed_list(mine)
    client = persona_client("applicant_a")
    first = version.items.get()
    prefix = f"p{first.pk}"
    response = client.post(
        reverse("responsibility:item_progress", args=[first.pk]),
        {
            f"{prefix}-done": "0",
            f"{prefix}-on": timezone.localdate().isoformat(),
            f"{prefix}-note": "",
        },
    )
    assert response.status_code == 200
    assert "未完成时请填写进展情况" in response.content.decode()
    response = client.post(
        reverse("responsibility:item_progress", args=[first.pk]),
        {f"{prefix}-done": "1", f"{prefix}-on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "已记录进展。" in response.content.decode()
    response = client.post(
        reverse("responsibility:list_revise", args=[mine.pk]), {"reason": "补充"}, follow=True
    )
    content = response.content.decode()
    assert "原版本保留" in content
    assert "填报中（第 2 版，未签名）" in content
    assert "现行清单（第 1 版，已签名备案）" in content


def test_mine_lists_the_users_years(persona_client, mine, party_office):
    content = _page(persona_client("applicant_a"), reverse("responsibility:mine"))
    assert f"{YEAR}年度清单" in content
    content = _page(persona_client("staff"), reverse("responsibility:mine"))
    assert "您不在掌握公权力人员名单中" in content
    assert 'id="unit-holders"' not in content
    content = _page(persona_client("head_a"), reverse("responsibility:mine"))
    assert 'id="unit-holders"' in content


def test_nav_links(persona_client):
    content = _page(persona_client("party_office"), reverse("home"))
    assert f'href="{reverse("responsibility:holders")}"' in content
    assert f'href="{reverse("responsibility:overview")}"' in content
    content = _page(persona_client("staff"), reverse("home"))
    assert f'href="{reverse("responsibility:mine")}"' in content
    assert f'href="{reverse("responsibility:holders")}"' not in content


# --- home ----------------------------------------------------------------------------------------


def test_home_asks_the_holder_to_file_and_the_party_office_who_has_not(persona_client, mine):
    content = _page(persona_client("applicant_a"), reverse("home"))
    assert "填报并签名本年度问题清单和责任清单" in content
    content = _page(persona_client("party_office"), reverse("home"))
    assert "尚未填报问题清单和责任清单的人员" in content
    signed_list(mine)
    content = _page(persona_client("applicant_a"), reverse("home"))
    assert "填报并签名本年度问题清单和责任清单" not in content
    content = _page(persona_client("party_office"), reverse("home"))
    assert "尚未填报问题清单和责任清单的人员" not in content


# --- queries that do not grow ------------------------------------------------------------------


def _more_holders(unit, by):
    def add():
        for n in range(3):
            entry = holder(holder_person(unit, name=f"新增{n}"), by=by)
            signed_list(entry, items=2)
            services.item_progress(
                item=entry.lists.get().items.first(),
                by=entry.person.user,
                done=True,
                on=timezone.localdate(),
            )

    return add


def test_holders_list_queries_do_not_grow(persona_client, party_office, department_a):
    signed_list(holder(holder_person(department_a), by=party_office))
    _same_queries(
        persona_client("party_office"),
        reverse("responsibility:holders"),
        _more_holders(department_a, party_office),
    )


def test_overview_queries_do_not_grow(persona_client, party_office, department_a):
    signed_list(holder(holder_person(department_a), by=party_office))

    def add():
        for n in range(3):
            unit = DepartmentFactory()
            _more_holders(unit, party_office)()
            assert n >= 0

    _same_queries(persona_client("discipline_office"), reverse("responsibility:overview"), add)


def test_list_page_queries_do_not_grow(persona_client, mine):
    version = signed_list(mine, items=1)
    today = timezone.localdate()

    def add():
        services.item_progress(
            item=version.items.get(), by=mine.person.user, done=False, on=today, note="进行中"
        )
        services.list_revise(holder=mine, by=mine.person.user, reason="补充")
        item(mine)
        item(mine)
        services.list_sign(holder=mine, by=mine.person.user)
        services.list_revise(holder=mine, by=mine.person.user, reason="再补充")

    _same_queries(
        persona_client("applicant_a"), reverse("responsibility:list", args=[mine.pk]), add
    )


def test_mine_queries_do_not_grow(persona_client, applicant_a, party_office):
    holder(applicant_a.person, year=YEAR, by=party_office)

    def add():
        holder(applicant_a.person, year=YEAR - 1, by=party_office)
        holder(applicant_a.person, year=YEAR + 1, by=party_office)

    _same_queries(persona_client("applicant_a"), reverse("responsibility:mine"), add)


def test_holders_list_leaves_out_the_removed_unless_asked(
    persona_client, party_office, department_a
):
    holder(
        holder_person(department_a, name="已移出者"),
        by=party_office,
        removed_on=timezone.localdate(),
    )
    holder(holder_person(department_a, name="在名单者"), by=party_office)
    client = persona_client("party_office")
    content = _page(client, reverse("responsibility:holders"), status="not_filed")
    assert "在名单者" in content
    assert "已移出者" not in content
    content = _page(client, reverse("responsibility:holders"), include_removed="on")
    assert "已移出者" in content
