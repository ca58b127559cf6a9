"""The risks pages: a unit's register and key posts, the forms and their refusals, the
hospital-wide lists with filters and export, query counts that do not grow with rows,
the navigation and the home items."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from risks.enums import RotationStatus
from risks.models import KeyPostHolding, RiskPoint, RiskReview
from risks.rotation import add_years, limit_reached_on
from tests.factories import DepartmentFactory, PersonFactory
from tests.risks.factories import holding, key_post, review, risk_point

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _sheet(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


# --- a unit's register ----------------------------------------------------------------------


def test_mine_leads_a_contact_to_their_units_register(applicant_a, department_a, persona_client):
    response = persona_client("applicant_a").get(reverse("risks:mine"))
    assert response["Location"] == reverse("risks:unit_points", args=[department_a.pk])


def test_mine_tells_someone_who_keeps_no_unit(persona_client):
    assert "您不是任何科室的负责人或联络员" in _page(persona_client("staff"), reverse("risks:mine"))


def test_register_shows_reviewed_this_year_per_point_and_for_the_unit(
    department_a, applicant_a, persona_client
):
    reviewed = risk_point(department_a, post="设备采购")
    review(reviewed, _today())
    risk_point(department_a, post="药品采购")
    risk_point(department_a, post="旧岗位", retired_on=_today())
    client = persona_client("applicant_a")
    url = reverse("risks:unit_points", args=[department_a.pk])
    content = _page(client, url)
    assert f"在用风险点 2 个，{_today().year}年度已复核 1 个" in content
    assert "旧岗位" not in content
    assert reverse("risks:point_add", args=[department_a.pk]) in content
    assert "旧岗位" in _page(client, url, include_retired="on")
    not_reviewed = _page(client, url, reviewed="no")
    assert "药品采购" in not_reviewed
    assert "设备采购" not in not_reviewed
    header, rows = _sheet(client.get(url, {"export": "xlsx", "sort": "post"}))
    assert header[:2] == ("岗位", "风险等级")
    assert [(row[0], row[4]) for row in rows] == [("药品采购", "未复核"), ("设备采购", "已复核")]


def test_working_group_reads_the_register_without_the_keepers_buttons(department_a, persona_client):
    risk_point(department_a)
    content = _page(
        persona_client("discipline_office"), reverse("risks:unit_points", args=[department_a.pk])
    )
    assert "药品采购" in content
    assert reverse("risks:point_add", args=[department_a.pk]) not in content


def test_adding_a_point_then_the_same_form_again_makes_one(
    department_a, applicant_a, persona_client
):
    client = persona_client("applicant_a")
    url = reverse("risks:point_add", args=[department_a.pk])
    content = _page(client, url)
    assert 'name="submission_key"' in content
    data = {
        "post": "药品采购",
        "risk": "收受回扣",
        "grade": "1",
        "measure": "集体决策",
        "submission_key": "6f1c1f36-47f3-4f7e-9f52-3f1d6c7c2a10",
    }
    first = client.post(url, data)
    point = RiskPoint.objects.get()
    assert first["Location"] == reverse("risks:point", args=[point.pk])
    again = client.post(url, data)
    assert again["Location"] == reverse("risks:point", args=[point.pk])
    assert RiskPoint.objects.count() == 1


def test_an_empty_point_form_says_what_to_fill_in(department_a, applicant_a, persona_client):
    response = persona_client("applicant_a").post(
        reverse("risks:point_add", args=[department_a.pk]), {"post": "", "grade": "1"}
    )
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not RiskPoint.objects.exists()


def test_review_from_the_point_page_changes_the_grade(department_a, head_a, persona_client):
    point = risk_point(department_a)
    client = persona_client("head_a")
    detail = reverse("risks:point", args=[point.pk])
    content = _page(client, detail)
    assert 'id="review"' in content
    assert "未复核" in content
    response = client.post(
        reverse("risks:point_review", args=[point.pk]),
        {"reviewed_on": _today().isoformat(), "grade": "2", "outcome": "已集中采购"},
    )
    assert response["Location"] == detail
    content = _page(client, detail)
    assert "由一级（高）调整为二级（中）" in content
    assert 'id="reviewed-this-year"><span class="text-success">已复核' in content


def test_a_review_refused_is_shown_on_the_page(department_a, applicant_a, persona_client):
    point = risk_point(department_a)
    tomorrow = _today() + datetime.timedelta(days=1)
    response = persona_client("applicant_a").post(
        reverse("risks:point_review", args=[point.pk]),
        {"reviewed_on": tomorrow.isoformat(), "grade": "1", "outcome": "维持"},
    )
    assert response.status_code == 200
    assert "复核日期不能晚于今天" in response.content.decode()
    assert not RiskReview.objects.exists()


def test_retired_point_shows_why_and_offers_no_forms(department_a, applicant_a, persona_client):
    point = risk_point(department_a)
    client = persona_client("applicant_a")
    client.post(reverse("risks:point_retire", args=[point.pk]), {"reason": "岗位撤销"})
    content = _page(client, reverse("risks:point", args=[point.pk]))
    assert "停用：岗位撤销" in content
    assert 'id="review"' not in content
    assert 'id="retire"' not in content


def test_edit_page_saves_the_correction(department_a, applicant_a, persona_client):
    point = risk_point(department_a)
    client = persona_client("applicant_a")
    url = reverse("risks:point_edit", args=[point.pk])
    assert "收受回扣" in _page(client, url)
    client.post(url, {"post": "药品遴选", "risk": "指定品牌", "measure": "集体决策"})
    point.refresh_from_db()
    assert point.post == "药品遴选"
    versions = _page(client, reverse("risks:point", args=[point.pk])).split('id="versions"')[1]
    assert versions.index("药品遴选") < versions.index("药品采购")  # newest first, both kept
    assert "<td>修改</td>" in versions


# --- key posts --------------------------------------------------------------------------------


def test_key_posts_page_warns_of_the_limit_and_exports(department_a, applicant_a, persona_client):
    today = _today()
    past = holding(
        department_a,
        person=PersonFactory(department=department_a, name="超期"),
        since=add_years(today, -6),
    )
    holding(
        department_a,
        person=PersonFactory(department=department_a, name="新人"),
        since=today,
        post="药品采购",
    )
    client = persona_client("applicant_a")
    url = reverse("risks:unit_posts", args=[department_a.pk])
    content = _page(client, url)
    assert '<span class="badge text-bg-danger">已达轮岗年限</span>' in content
    assert "轮岗年限为 5 年" in content
    header, rows = _sheet(client.get(url, {"export": "xlsx"}))
    assert header == ("重点岗位", "在岗人员", "上岗日期", "轮岗年限届满日", "轮岗状态", "离岗日期")
    assert rows[0][0] == "设备采购"
    assert rows[0][1] == f"超期 {past.person.employee_number}"
    assert rows[0][3].date() == limit_reached_on(past.since, 5)
    assert [row[4] for row in rows] == ["已达轮岗年限", "未到期"]


def test_holding_page_warns_and_rotates(department_a, applicant_a, persona_client):
    held = holding(department_a, since=add_years(_today(), -5))
    successor = PersonFactory(department=department_a, name="接任者")
    client = persona_client("applicant_a")
    content = _page(client, reverse("risks:holding", args=[held.pk]))
    assert 'id="rotation-warning"' in content
    assert "已达轮岗年限：自上岗起满 5 年" in content
    response = client.post(
        reverse("risks:holding_rotate", args=[held.pk]),
        {"successor": successor.pk, "on": _today().isoformat(), "note": ""},
    )
    new = KeyPostHolding.objects.get(person=successor)
    assert response["Location"] == reverse("risks:holding", args=[new.pk])
    held.refresh_from_db()
    assert held.until == _today()


def test_holder_of_another_department_is_refused_on_the_form(
    department_a, department_b, applicant_a, persona_client
):
    other = PersonFactory(department=department_b)
    response = persona_client("applicant_a").post(
        reverse("risks:holding_add", args=[department_a.pk]),
        {"person": other.pk, "post": key_post().pk, "since": "2024-05-01"},
    )
    assert response.status_code == 200
    assert "只能选择本科室（含所属清廉团队）的在职人员" in response.content.decode()
    assert not KeyPostHolding.objects.exists()


def test_holding_add_form_lists_only_the_units_people_and_adds_a_post(
    department_a, department_b, applicant_a, persona_client
):
    mine = PersonFactory(department=department_a, name="本科室人员")
    PersonFactory(department=department_b, name="外科室人员")
    client = persona_client("applicant_a")
    url = reverse("risks:holding_add", args=[department_a.pk])
    content = _page(client, url)
    assert "本科室人员" in content
    assert "外科室人员" not in content
    client.post(url, {"person": mine.pk, "new_post": "介入耗材管理", "since": "2024-05-01"})
    assert KeyPostHolding.objects.get().post.name == "介入耗材管理"


def test_end_form_ends_the_holding(department_a, applicant_a, persona_client):
    held = holding(department_a, since=datetime.date(2022, 1, 1))
    persona_client("applicant_a").post(
        reverse("risks:holding_end", args=[held.pk]),
        {"until": _today().isoformat(), "kind": "left", "note": ""},
    )
    held.refresh_from_db()
    assert (held.until, held.end_kind) == (_today(), "left")


# --- the hospital-wide lists ------------------------------------------------------------------


def test_rotation_list_filters_by_status_and_exports(department_a, department_b, persona_client):
    today = _today()
    holding(department_a, since=add_years(today, -6))
    holding(department_b, since=add_years(today, -5) + datetime.timedelta(days=20))
    holding(department_b, since=today, post="药品采购")
    client = persona_client("discipline_office")
    url = reverse("risks:rotation")
    header, rows = _sheet(client.get(url, {"export": "xlsx"}))
    assert header[0] == "科室"
    assert [(row[0], row[5]) for row in rows] == [
        ("心内科", "已达轮岗年限"),
        ("骨科", "6个月内到期"),
        ("骨科", "未到期"),
    ]
    _header, rows = _sheet(client.get(url, {"export": "xlsx", "rotation": RotationStatus.REACHED}))
    assert [row[0] for row in rows] == ["心内科"]


def test_hospital_points_filter_by_grade_and_reviewed(department_a, department_b, persona_client):
    review(risk_point(department_a, grade="1"), _today())
    risk_point(department_b, grade="2", post="设备采购")
    client = persona_client("party_office")
    url = reverse("risks:points")
    _header, rows = _sheet(client.get(url, {"export": "xlsx", "reviewed": "no"}))
    assert [(row[0], row[1]) for row in rows] == [("骨科", "设备采购")]
    _header, rows = _sheet(client.get(url, {"export": "xlsx", "grade": "1"}))
    assert [(row[0], row[1]) for row in rows] == [("心内科", "药品采购")]


def test_overview_counts_per_unit(department_a, department_b, persona_client):
    review(risk_point(department_a), _today())
    risk_point(department_a, post="设备采购", grade="2")
    holding(department_a, since=add_years(_today(), -6))
    client = persona_client("leading_group")
    header, rows = _sheet(client.get(reverse("risks:overview"), {"export": "xlsx"}))
    by_unit = {row[0]: row[1:] for row in rows}
    assert header[1:] == (
        "风险点",
        "本年度已复核",
        "未复核",
        "一级风险点",
        "重点岗位在岗",
        "已达轮岗年限",
    )
    assert by_unit["心内科"] == (2, 1, 1, 1, 1, 1)
    assert by_unit["骨科"] == (0, 0, 0, 0, 0, 0)
    _header, rows = _sheet(
        client.get(reverse("risks:overview"), {"export": "xlsx", "to_review": "on"})
    )
    assert [row[0] for row in rows] == ["心内科"]


# --- queries that do not grow with rows ------------------------------------------------------


def _same_queries(client, url, add_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_rows()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(one)


def _more_points(unit):
    def add():
        for post in ("设备采购", "收费", "处方"):
            review(risk_point(unit, post=post), _today())

    return add


def _more_holdings(unit):
    def add():
        for years in (1, 5, 7):
            holding(unit, since=add_years(_today(), -years), post=f"岗位{years}")

    return add


def test_unit_points_queries_do_not_grow(department_a, applicant_a, persona_client):
    risk_point(department_a)
    _same_queries(
        persona_client("applicant_a"),
        reverse("risks:unit_points", args=[department_a.pk]),
        _more_points(department_a),
    )


def test_unit_posts_queries_do_not_grow(department_a, applicant_a, persona_client):
    holding(department_a, since=datetime.date(2024, 1, 1))
    _same_queries(
        persona_client("applicant_a"),
        reverse("risks:unit_posts", args=[department_a.pk]),
        _more_holdings(department_a),
    )


def test_hospital_points_queries_do_not_grow(department_a, department_b, persona_client):
    risk_point(department_a)
    _same_queries(
        persona_client("party_office"), reverse("risks:points"), _more_points(department_b)
    )


def test_rotation_list_queries_do_not_grow(department_a, department_b, persona_client):
    holding(department_a, since=datetime.date(2024, 1, 1))
    _same_queries(
        persona_client("discipline_office"),
        reverse("risks:rotation"),
        _more_holdings(department_b),
    )


def test_overview_queries_do_not_grow(department_a, persona_client):
    risk_point(department_a)

    def add():
        for _ in range(3):
            unit = DepartmentFactory()
            risk_point(unit)
            holding(unit, since=datetime.date(2020, 1, 1))

    _same_queries(persona_client("party_committee"), reverse("risks:overview"), add)


# --- navigation and home ----------------------------------------------------------------------


def test_nav_links_the_register_for_contacts_and_the_lists_for_the_working_group(persona_client):
    content = _page(persona_client("applicant_a"), reverse("home"))
    assert reverse("risks:mine") in content
    assert reverse("risks:rotation") not in content
    content = _page(persona_client("discipline_office"), reverse("home"))
    assert reverse("risks:overview") in content
    assert reverse("risks:rotation") in content
    content = _page(persona_client("staff"), reverse("home"))
    assert reverse("risks:mine") not in content
    assert reverse("risks:overview") not in content


def test_home_tells_the_head_of_points_to_review_and_holders_to_rotate(
    department_a, head_a, persona_client
):
    risk_point(department_a)
    review(risk_point(department_a, post="设备采购"), _today())
    held = holding(department_a, since=add_years(_today(), -5))
    content = _page(persona_client("head_a"), reverse("home"))
    assert "心内科：廉政风险点待年度复核" in content
    assert reverse("risks:unit_points", args=[department_a.pk]) + "?reviewed=no" in content
    assert "心内科：重点岗位人员已达轮岗年限" in content
    assert held.person.name in content


def test_home_tells_the_discipline_office_of_holders_past_the_limit(
    department_a, discipline_office, persona_client
):
    client = persona_client("discipline_office")
    assert "重点岗位人员已达轮岗年限" not in _page(client, reverse("home"))
    holding(department_a, since=add_years(_today(), -5) + datetime.timedelta(days=30))
    assert "重点岗位人员已达轮岗年限" not in _page(client, reverse("home"))  # due soon only
    held = holding(department_a, since=add_years(_today(), -6), post="药品采购")
    content = _page(client, reverse("home"))
    assert "重点岗位人员已达轮岗年限（5年）" in content
    assert f"{held.person.name}（心内科·药品采购）" in content
