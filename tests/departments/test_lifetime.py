"""A unit's lifetime (departments/services/lifetime.py, docs/coverage.md): the day it
was set up, its closing or its merging into another unit, who recorded each, when and
why; every refusal leaves the unit as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from departments.models import Department
from departments.selectors import lifetime_changes
from departments.services import unit_close, unit_opened_on_set
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)


def _state(unit):
    unit = Department.objects.get(pk=unit.pk)
    return (unit.opened_on, unit.closed_on, unit.merged_into_id, unit.active)


def test_a_merge_is_recorded_with_who_when_and_why(party_office, department_a, department_b):
    unit_close(
        unit=department_b,
        by=party_office,
        closed_on=DAY,
        merged_into=department_a,
        reason="院党委会2025年第8次会议决定",
    )
    assert _state(department_b) == (None, DAY, department_a.pk, False)
    (change,) = lifetime_changes(department_b)
    assert (change["by"], change["closed_on"], change["merged_into"], change["reason"]) == (
        party_office,
        DAY,
        "心内科",
        "院党委会2025年第8次会议决定",
    )


def test_a_closing_without_a_merge(admin_user, department_b):
    unit_close(unit=department_b, by=admin_user, closed_on=DAY, reason="科室撤销")
    assert _state(department_b) == (None, DAY, None, False)


def test_the_day_a_unit_was_set_up(party_office, department_a):
    unit_opened_on_set(
        unit=department_a, by=party_office, opened_on=datetime.date(2026, 3, 1), reason="新设科室"
    )
    assert _state(department_a)[0] == datetime.date(2026, 3, 1)
    (change,) = lifetime_changes(department_a)
    assert (change["opened_on"], change["closed_on"], change["reason"]) == (
        datetime.date(2026, 3, 1),
        None,
        "新设科室",
    )


@pytest.mark.parametrize("persona", ["leading_group", "party_committee", "discipline_office"])
def test_only_the_party_office_and_the_administrator_record_it(request, persona, department_b):
    with pytest.raises(DomainError, match="只有党办和系统管理员"):
        unit_close(
            unit=department_b, by=request.getfixturevalue(persona), closed_on=DAY, reason="撤销"
        )
    assert _state(department_b) == (None, None, None, True)


def test_refusals_name_what_is_wrong(party_office, department_a, department_b):
    team = DepartmentFactory(code="B01-T1", name="骨科关节组清廉团队", parent=department_b)
    today = timezone.localdate()
    cases = [
        ({"closed_on": today + datetime.timedelta(days=1)}, "撤销或并入的日期不能晚于今天。"),
        ({"reason": " "}, "请填写依据或原因（如院党委会议纪要、文件号）。"),
        ({"reason": "长" * 101}, "依据或原因不能超过 100 个字。"),
        ({"merged_into": department_b}, "科室不能并入自己。"),
        ({"merged_into": team}, "科室不能并入自己的清廉团队。"),
        ({}, "请先登记本科室清廉团队的撤销或并入：骨科关节组清廉团队。"),
    ]
    for changes, message in cases:
        values = {"unit": department_b, "by": party_office, "closed_on": DAY, "reason": "撤销"}
        with pytest.raises(DomainError) as refused:
            unit_close(**values | changes)
        assert str(refused.value) == message
    assert _state(department_b) == (None, None, None, True)


def test_a_department_merges_into_a_department_only(party_office, department_a, department_b):
    team = DepartmentFactory(code="A01-T1", name="导管室清廉团队", parent=department_a)
    with pytest.raises(DomainError, match="科室只能并入科室，不能并入清廉团队。"):
        unit_close(
            unit=department_b, by=party_office, closed_on=DAY, merged_into=team, reason="合并"
        )
    # A clean team may merge into a department.
    unit_close(unit=team, by=party_office, closed_on=DAY, merged_into=department_b, reason="并入")
    assert _state(team)[2] == department_b.pk


def test_no_merge_into_a_unit_that_has_ended(party_office, department_a, department_b):
    unit_close(unit=department_a, by=party_office, closed_on=DAY, reason="撤销")
    with pytest.raises(DomainError, match="心内科已于2025年6月30日撤销。"):
        unit_close(
            unit=department_b,
            by=party_office,
            closed_on=DAY,
            merged_into=department_a,
            reason="合并",
        )
    with pytest.raises(DomainError, match="心内科已于2025年6月30日撤销。"):
        unit_close(unit=department_a, by=party_office, closed_on=DAY, reason="再次撤销")


def test_the_dates_keep_their_order(party_office, department_a):
    unit_opened_on_set(
        unit=department_a, by=party_office, opened_on=datetime.date(2025, 7, 1), reason="新设"
    )
    with pytest.raises(DomainError, match="撤销或并入的日期不能早于设立日期（2025年7月1日）。"):
        unit_close(unit=department_a, by=party_office, closed_on=DAY, reason="撤销")
    unit_close(
        unit=department_a, by=party_office, closed_on=datetime.date(2025, 8, 1), reason="撤销"
    )
    with pytest.raises(DomainError, match="设立日期不能晚于撤销日期（2025年8月1日）。"):
        unit_opened_on_set(
            unit=department_a, by=party_office, opened_on=datetime.date(2025, 9, 1), reason="更正"
        )
    with pytest.raises(DomainError, match="设立日期没有改变。"):
        unit_opened_on_set(
            unit=department_a, by=party_office, opened_on=datetime.date(2025, 7, 1), reason="更正"
        )


# --- the page ------------------------------------------------------------------------------------


def test_the_page_records_a_merge_and_shows_the_record(persona_client, department_a, department_b):
    client = persona_client("party_office")
    url = reverse("departments:lifetime", args=[department_b.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert department_a in page.context["close_form"].fields["merged_into"].queryset
    refused = client.post(
        reverse("departments:lifetime_close", args=[department_b.pk]),
        {"closed_on": "2025-06-30", "merged_into": department_a.pk, "reason": ""},
    )
    assert "请填写依据或原因" in refused.content.decode()
    assert _state(department_b) == (None, None, None, True)
    done = client.post(
        reverse("departments:lifetime_close", args=[department_b.pk]),
        {"closed_on": "2025-06-30", "merged_into": department_a.pk, "reason": "院党委会决定"},
        follow=True,
    )
    text = done.content.decode()
    assert "骨科已于2025年6月30日并入心内科。" in text
    assert "院党委会决定" in text
    assert done.context["close_form"] is None
    assert (
        "骨科已于2025年6月30日并入心内科。"
        in client.get(reverse("departments:detail", args=[department_b.pk])).content.decode()
    )


def test_the_page_records_the_day_a_unit_was_set_up(persona_client, department_a):
    client = persona_client("admin_user")
    response = client.post(
        reverse("departments:lifetime_opened", args=[department_a.pk]),
        {"opened_on": "2026-03-01", "reason": "院党委会决定设立"},
    )
    assert response.status_code == 302
    assert _state(department_a)[0] == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("party_office", True),
        ("admin_user", True),
        ("leading_group", False),
        ("party_committee", False),
        ("discipline_office", False),
        ("applicant_a", False),
        ("staff", False),
    ],
)
def test_rule_change_unit_lifetime(request, persona, allowed):
    from departments.rules import CHANGE_LIFETIME

    assert request.getfixturevalue(persona).has_perm(CHANGE_LIFETIME) is allowed
