"""The roles page, the department page's posts, the record of appointments, the first-run step."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role, has_role
from departments.firstrun import APPOINTMENTS_STEP as STEP
from departments.models import Appointment, Post
from departments.rules import is_applicant_of
from departments.services import appoint, appointment_remove
from tests.factories import DepartmentFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _person(department, username=None, **options):
    user = UserFactory(username=username) if username else None
    return PersonFactory(department=department, user=user, **options)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_roles_page_lists_every_post_with_its_holders(persona_client, department_a):
    client = persona_client("party_office")
    person = _person(department_a, "rev", name="评审甲")
    appoint(person=person, post=Post.REVIEWER, by=None)

    response = client.get(reverse("departments:roles"))

    assert response.status_code == 200
    content = response.content.decode()
    for post in Post:
        assert str(post.label) in content
    assert "评审甲" in content


def test_roles_page_appoints_by_employee_number(persona_client, department_a):
    client = persona_client("party_office")
    person = _person(department_a, "rev", employee_number="E300", name="评审乙")

    response = client.post(
        reverse("departments:appoint"),
        {"post": "reviewer", "person": "E300", "reason": "党委会决定"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("departments:roles")
    assert _messages(response) == ["已任命评审乙为党办评审人员。"]
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.appointed_by.username, appointment.reason) == (
        person,
        "party_office",
        "党委会决定",
    )
    assert has_role(type(person.user).objects.get(pk=person.user_id), Role.REVIEWER)


def test_roles_page_appoints_by_a_name_nobody_else_has(persona_client, department_a):
    client = persona_client("admin_user")
    person = _person(department_a, "contact", name="独一无二")

    response = client.post(
        reverse("departments:appoint"),
        {"post": "contact", "person": "独一无二", "department": department_a.pk},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("departments:detail", args=[department_a.pk])
    assert is_applicant_of(type(person.user).objects.get(pk=person.user_id), department_a)


def test_roles_page_asks_for_the_number_when_two_share_a_name(persona_client, department_a):
    client = persona_client("party_office")
    _person(department_a, employee_number="E401", name="张伟")
    _person(department_a, employee_number="E402", name="张伟")

    response = client.post(reverse("departments:appoint"), {"post": "reviewer", "person": "张伟"})

    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "名册上有不止一位“张伟”，请改填工号：E401（心内科）、E402（心内科）。"
    ]
    assert not Appointment.objects.exists()


def test_roles_page_names_someone_not_on_the_roster(persona_client):
    client = persona_client("party_office")
    response = client.post(reverse("departments:appoint"), {"post": "reviewer", "person": "E999"})
    assert response.status_code == 200
    assert response.context["form"].errors["person"] == ["名册上没有工号或姓名为“E999”的人员。"]


def test_roles_page_says_to_open_an_account_first(persona_client, department_a):
    client = persona_client("party_office")
    _person(department_a, employee_number="E500", name="无账号")

    response = client.post(reverse("departments:appoint"), {"post": "reviewer", "person": "E500"})

    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "无账号（E500）还没有登录账号，请先为其开通账号，再任命为党办评审人员。"
    ]
    assert not Appointment.objects.exists()


def test_roles_page_refuses_someone_who_has_left(persona_client, department_a):
    client = persona_client("party_office")
    _person(department_a, "gone", employee_number="E501", name="已离职", active=False)

    response = client.post(reverse("departments:appoint"), {"post": "reviewer", "person": "E501"})

    assert response.context["form"].errors["person"] == [
        "已离职（E501）已离职（在职＝否），不能任命。"
    ]
    assert not Appointment.objects.exists()


def test_department_page_shows_and_appoints_its_head_and_contacts(persona_client, department_a):
    client = persona_client("party_office")
    head = _person(department_a, employee_number="E600", name="科主任")
    url = reverse("departments:detail", args=[department_a.pk])
    assert "尚未任命科室负责人或联络员。" in client.get(url).content.decode()

    response = client.post(
        reverse("departments:department_appoint", args=[department_a.pk]),
        {"post": "head", "person": "E600", "reason": "院发〔2026〕1号"},
    )

    assert response.status_code == 302
    assert response["Location"] == url
    department_a.refresh_from_db()
    assert department_a.head == head
    page = client.get(url).content.decode()
    assert "科主任（E600）" in page
    assert reverse("departments:appointment_remove", args=[Appointment.objects.get().pk]) in page


def test_department_page_puts_a_refusal_on_its_form(persona_client, department_a):
    client = persona_client("party_office")
    _person(department_a, employee_number="E601", name="无账号")

    response = client.post(
        reverse("departments:department_appoint", args=[department_a.pk]),
        {"post": "contact", "person": "E601"},
    )

    assert response.status_code == 200
    assert response.context["appoint_form"].errors["person"] == [
        "无账号（E601）还没有登录账号，请先为其开通账号，再任命为科室联络员。"
    ]


def test_department_page_shows_its_own_applicant_the_posts_without_forms(
    persona_client, department_a
):
    contact = _person(department_a, "contact2", name="联络员丙")
    appoint(person=contact, post=Post.CONTACT, department=department_a, by=None)
    client = persona_client("applicant_a")

    response = client.get(reverse("departments:detail", args=[department_a.pk]))

    content = response.content.decode()
    assert "联络员丙" in content
    assert response.context["appoint_form"] is None
    assert reverse("departments:department_appoint", args=[department_a.pk]) not in content


def test_remove_with_a_reason(persona_client, department_a):
    client = persona_client("party_office")
    person = _person(department_a, "rev", name="评审丁")
    appointment = appoint(person=person, post=Post.REVIEWER, by=None)

    response = client.post(
        reverse("departments:appointment_remove", args=[appointment.pk]), {"reason": "任期届满"}
    )

    assert response.status_code == 302
    assert _messages(response) == ["已免去评审丁的党办评审人员职务。"]
    appointment.refresh_from_db()
    assert (appointment.removal_reason, appointment.removed_by.username) == (
        "任期届满",
        "party_office",
    )


def test_remove_without_a_reason_changes_nothing(persona_client, department_a):
    client = persona_client("party_office")
    appointment = appoint(person=_person(department_a, "rev"), post=Post.REVIEWER, by=None)

    response = client.post(reverse("departments:appointment_remove", args=[appointment.pk]))

    assert response.status_code == 302
    assert _messages(response) == ["请填写免去的原因。"]
    appointment.refresh_from_db()
    assert appointment.is_current


def _shown(response):
    return [row.record.person.name for row in response.context["table"].page.object_list]


def test_appointment_list_filters_by_post_and_state(persona_client, department_a):
    client = persona_client("admin_user")
    reviewer = appoint(
        person=_person(department_a, "rev", name="评审戊"), post=Post.REVIEWER, by=None
    )
    appoint(person=_person(department_a, "lead", name="领导己"), post=Post.LEADING_GROUP, by=None)
    appointment_remove(appointment=reviewer, by=None, reason="任期届满")

    by_post = client.get(reverse("departments:appointments"), {"post": "reviewer"})
    removed = client.get(reverse("departments:appointments"), {"state": "removed"})
    current = client.get(reverse("departments:appointments"), {"state": "current"})

    assert _shown(by_post) == ["评审戊"]
    assert "任期届满" in by_post.content.decode()
    assert _shown(removed) == ["评审戊"]
    assert _shown(current) == ["领导己"]


def _appointments(n):
    department = DepartmentFactory(code=f"M{n:02d}", name=f"科室{n}")
    contact = _person(department, f"contact{n}")
    appointment = appoint(person=contact, post=Post.CONTACT, department=department, by=None)
    appointment_remove(appointment=appointment, by=None, reason="调整")
    appoint(person=contact, post=Post.CONTACT, department=department, by=None)
    appoint(
        person=_person(department, f"sec{n}"),
        post=Post.BRANCH_SECRETARY,
        party_branch=department.party_branch,
        by=None,
    )


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("departments:appointments", {}),
        ("departments:appointments", {"post": "contact"}),
        ("departments:roles", {}),
    ],
)
def test_appointment_pages_queries_do_not_grow_with_rows(persona_client, url_name, params):
    client = persona_client("party_office")
    url = reverse(url_name)
    _appointments(1)
    with CaptureQueriesContext(connection) as one:
        response = client.get(url, params)
    rows = response.content.decode().count("<tr")
    for n in range(2, 5):
        _appointments(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
    assert response.content.decode().count("<tr") > rows
    assert len(many) == len(one)


# --- the first-run step ------------------------------------------------------------------------


def test_first_run_step_says_what_is_missing(department_a):
    assert not STEP.is_done()
    assert STEP.progress() == "尚未任命任何人。还须任命：党办、纪检监察室、科室联络员。"

    appoint(person=_person(department_a, "po"), post=Post.PARTY_OFFICE, by=None)
    assert STEP.progress() == "已任命：党办 1 人。还须任命：纪检监察室、科室联络员。"
    assert not STEP.is_done()


def test_first_run_step_is_done_with_the_offices_and_a_contact(department_a):
    appoint(person=_person(department_a, "po"), post=Post.PARTY_OFFICE, by=None)
    appoint(person=_person(department_a, "do"), post=Post.DISCIPLINE_OFFICE, by=None)
    appoint(person=_person(department_a, "c"), post=Post.CONTACT, department=department_a, by=None)

    assert STEP.is_done()
    assert STEP.progress() == "已任命：科室联络员 1 人、纪检监察室 1 人、党办 1 人。"
    assert reverse(STEP.url_name) == reverse("departments:roles")
