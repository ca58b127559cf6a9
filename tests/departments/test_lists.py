"""The party office's lists of departments, people and appointments: sorted by a column,
filtered, and exported as shown (core/lists.py); the exports cost the same queries with 1
row or many."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from departments.models import Post
from departments.services import appoint, appointment_remove
from tests.factories import DepartmentFactory, PartyBranchFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _body(response):
    content = response.content.decode()
    return content[content.index("<tbody") :]


def _sheet(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def people():
    """Three people in two departments; 丙 left, 乙 is a party member."""
    eye = DepartmentFactory(code="D1", name="眼科")
    skin = DepartmentFactory(code="D2", name="皮肤科")
    PersonFactory(
        employee_number="P001",
        name="甲医生",
        department=skin,
        joined_department_on=datetime.date(2024, 3, 1),
    )
    PersonFactory(
        employee_number="P002",
        name="乙护士",
        department=eye,
        is_party_member=True,
        joined_department_on=datetime.date(2025, 7, 1),
    )
    PersonFactory(employee_number="P003", name="丙技师", department=eye, active=False)
    return eye, skin


def test_person_list_sorts_by_name_both_ways(people, persona_client):
    client = persona_client("party_office")
    url = reverse("departments:people")
    for sort, first, second in (
        ("employee_number", "P001", "P002"),
        ("-employee_number", "P002", "P001"),
    ):
        rows = _body(client.get(url, {"sort": sort}))
        assert rows.index(first) < rows.index(second)
    assert 'aria-sort="descending"' in client.get(url, {"sort": "-name"}).content.decode()


def test_person_list_leaves_out_leavers_unless_asked(people, persona_client):
    client = persona_client("party_office")
    url = reverse("departments:people")
    assert "丙技师" not in _body(client.get(url))
    assert "丙技师" in _body(client.get(url, {"include_inactive": "on"}))


def test_person_list_filters_by_party_membership_department_and_join_date(people, persona_client):
    eye, _skin = people
    client = persona_client("party_office")
    url = reverse("departments:people")
    members = _body(client.get(url, {"party_member": "yes"}))
    assert "乙护士" in members
    assert "甲医生" not in members
    in_eye = _body(client.get(url, {"department": eye.pk}))
    assert "乙护士" in in_eye
    assert "甲医生" not in in_eye
    joined = _body(client.get(url, {"joined_from": "2024-01-01", "joined_to": "2024-12-31"}))
    assert "甲医生" in joined
    assert "乙护士" not in joined


def test_person_export_holds_the_filtered_rows_in_the_shown_order(people, persona_client):
    response = persona_client("party_office").get(
        reverse("departments:people"), {"q": "P00", "sort": "-employee_number", "export": "xlsx"}
    )
    rows = _sheet(response)
    assert rows[0] == ("工号", "姓名", "科室", "调入本科室日期", "党员", "在职")
    assert rows[1:] == [
        ("P002", "乙护士", "眼科", datetime.datetime(2025, 7, 1), "是", "是"),
        ("P001", "甲医生", "皮肤科", datetime.datetime(2024, 3, 1), "否", "是"),
    ]


def test_person_export_is_refused_without_the_roster(people, persona_client):
    response = persona_client("staff").get(reverse("departments:people"), {"export": "xlsx"})
    assert response.status_code == 403


def test_department_list_sorts_by_code_both_ways(people, persona_client):
    client = persona_client("party_office")
    rows = _body(client.get(reverse("departments:list"), {"sort": "-code"}))
    assert rows.index("皮肤科") < rows.index("眼科")
    rows = _body(client.get(reverse("departments:list"), {"sort": "code"}))
    assert rows.index("眼科") < rows.index("皮肤科")


def test_department_list_filters_by_branch_and_kind_of_unit(people, persona_client):
    eye, _skin = people
    branch = PartyBranchFactory(name="第九党支部")
    eye.party_branch = branch
    eye.save(update_fields=["party_branch"])
    DepartmentFactory(code="D1T", name="眼科清廉团队", parent=eye)
    client = persona_client("party_office")
    url = reverse("departments:list")
    by_branch = _body(client.get(url, {"branch": branch.pk}))
    assert "眼科" in by_branch
    assert "皮肤科" not in by_branch
    teams = _body(client.get(url, {"unit_kind": "clean_team"}))
    assert "眼科清廉团队" in teams
    assert "皮肤科" not in teams


def test_department_export_holds_what_the_list_shows(people, persona_client):
    response = persona_client("party_office").get(
        reverse("departments:list"), {"q": "D", "sort": "code", "export": "xlsx"}
    )
    rows = _sheet(response)
    assert rows[0] == ("编码", "名称", "类别", "党支部", "负责人", "人数", "党员人数", "在用")
    assert [(row[0], row[1], row[5], row[6]) for row in rows[1:]] == [
        ("D1", "眼科", 1, 1),
        ("D2", "皮肤科", 1, 0),
    ]


@pytest.fixture
def appointments(people):
    eye, skin = people
    first = appoint(
        person=PersonFactory(
            employee_number="E010", name="评审戊", department=eye, user=UserFactory(username="rev")
        ),
        post=Post.REVIEWER,
        by=None,
        reason="院党委会议决定",
    )
    appointment_remove(appointment=first, by=None, reason="任期届满")
    appoint(
        person=PersonFactory(
            employee_number="E011",
            name="联络员庚",
            department=skin,
            user=UserFactory(username="contact"),
        ),
        post=Post.CONTACT,
        department=skin,
        by=None,
    )


def test_appointment_list_sorts_by_person(appointments, persona_client):
    client = persona_client("party_office")
    url = reverse("departments:appointments")
    for sort, first, second in (
        ("person", "评审戊", "联络员庚"),
        ("-person", "联络员庚", "评审戊"),
    ):
        rows = _body(client.get(url, {"sort": sort}))
        assert rows.index(first) < rows.index(second)


def test_appointment_list_filters_by_place(appointments, people, persona_client):
    _eye, skin = people
    rows = _body(
        persona_client("party_office").get(
            reverse("departments:appointments"), {"department": skin.pk}
        )
    )
    assert "联络员庚" in rows
    assert "评审戊" not in rows


def test_appointment_export_holds_what_the_list_shows(appointments, persona_client):
    response = persona_client("party_office").get(
        reverse("departments:appointments"), {"state": "removed", "export": "xlsx"}
    )
    rows = _sheet(response)
    assert rows[0] == (
        "人员",
        "职务",
        "任职单位",
        "任命时间",
        "任命人",
        "任命依据",
        "免去时间",
        "免去人",
        "免去原因",
    )
    assert len(rows) == 2
    person, post, place, appointed_at, by, reason, removed_at, removed_by, why = rows[1]
    assert (person, post, reason, why) == (
        "评审戊（E010）（眼科）",
        "党办评审人员",
        "院党委会议决定",
        "任期届满",
    )
    assert (place, by, removed_by) == (None, "系统", None)
    assert isinstance(appointed_at, datetime.datetime)
    assert isinstance(removed_at, datetime.datetime)


def _export_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name", ["departments:list", "departments:people", "departments:appointments"]
)
def test_exports_queries_do_not_grow_with_rows(persona_client, url_name):
    client = persona_client("party_office")
    url = reverse(url_name)

    def add(n):
        department = DepartmentFactory(
            code=f"X{n:02d}", name=f"导出科室{n}", party_branch=PartyBranchFactory()
        )
        person = PersonFactory(
            department=department, is_party_member=True, user=UserFactory(username=f"x{n}")
        )
        department.head = person
        department.save(update_fields=["head"])
        appoint(person=person, post=Post.CONTACT, department=department, by=None)

    add(1)
    few = _export_queries(client, url)
    for n in range(2, 5):
        add(n)
    assert _export_queries(client, url) == few
