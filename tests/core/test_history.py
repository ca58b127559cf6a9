"""simple-history on the roster: every change keeps who made it."""

import datetime

import pytest
from django.urls import reverse

from core.history import changed_by
from tests.factories import DepartmentFactory, PartyBranchFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (PartyBranchFactory, "name", "行政第二党支部"),
        (DepartmentFactory, "name", "检验科"),
        (PersonFactory, "name", "赵六"),
    ],
)
def test_roster_changes_keep_history(factory, field, value):
    instance = factory()
    setattr(instance, field, value)
    instance.save(update_fields=[field])
    history = instance.history.order_by("history_id")
    assert [row.history_type for row in history] == ["+", "~"]
    assert getattr(history.last(), field) == value


def test_change_through_admin_is_credited_to_the_requesting_user(client, admin_user):
    department = DepartmentFactory(code="K01", name="消化内科")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:departments_department_change", args=[department.pk]),
        {
            "code": "K01",
            "name": "消化内科（含内镜中心）",
            "kind": "clinical",
            "parent": "",
            "party_branch": department.party_branch_id,
            "head": "",
            "active": "on",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    latest = department.history.latest()
    assert (latest.name, latest.history_type, latest.history_user) == (
        "消化内科（含内镜中心）",
        "~",
        admin_user,
    )


def test_change_by_service_is_credited_to_by(party_office, department_a, department_b):
    person = PersonFactory(name="王五", department=department_a)
    person.department = department_b
    person.joined_department_on = datetime.date(2026, 3, 1)
    changed_by(person, by=party_office, reason="调入骨科").save(
        update_fields=["department", "joined_department_on"]
    )
    latest = person.history.latest()
    assert (latest.department_id, latest.history_user, latest.history_change_reason) == (
        department_b.pk,
        party_office,
        "调入骨科",
    )
    first = person.history.earliest()
    assert (first.department_id, first.joined_department_on) == (
        department_a.pk,
        datetime.date(2020, 3, 1),
    )


def test_change_by_system_during_a_request_is_not_credited_to_the_requester(
    rf, admin_user, department_a
):
    """A service passing ``by=None`` (the system) is not mistaken for whoever is signed in."""
    from simple_history.models import HistoricalRecords

    request = rf.post("/")
    request.user = admin_user
    HistoricalRecords.context.request = request
    try:
        department_a.name = "心血管内科"
        changed_by(department_a, by=None).save(update_fields=["name"])
    finally:
        del HistoricalRecords.context.request
    assert department_a.history.latest().history_user is None


def test_change_reason_is_cut_to_what_history_stores(party_office, department_a):
    changed_by(department_a, by=party_office, reason="理" * 150).save(update_fields=["name"])
    assert department_a.history.latest().history_change_reason == "理" * 100
