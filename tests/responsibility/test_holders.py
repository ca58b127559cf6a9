"""The party office's set of holders (responsibility/services/holders.py)."""

import datetime

import pytest
from django.utils import timezone

from core.errors import DomainError
from responsibility.enums import HolderReason
from responsibility.models import Holder
from responsibility.services.holders import (
    holder_remove,
    holders_add,
    holders_fill_from_heads,
)
from tests.factories import DepartmentFactory, PersonFactory
from tests.responsibility.factories import holder, holder_person

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def test_holders_added_from_pasted_employee_numbers(party_office, department_a):
    first = PersonFactory(department=department_a, employee_number="E9001", name="甲")
    second = PersonFactory(department=department_a, employee_number="E9002", name="乙")
    added, already = holders_add(
        year=YEAR,
        employee_numbers="E9001\n\n  乙 E9002 \n E9001",
        reason=HolderReason.KEY_POST,
        note="药品采购",
        by=party_office,
    )
    assert [h.person for h in added] == [first, second]
    assert already == []
    assert {h.reason for h in added} == {HolderReason.KEY_POST}
    assert added[0].added_by == party_office
    assert added[0].history.first().history_user == party_office


def test_people_already_in_the_set_are_left_and_counted(party_office, department_a):
    person = PersonFactory(department=department_a, employee_number="E9001")
    holders_add(year=YEAR, employee_numbers="E9001", reason="cadre", by=party_office)
    added, already = holders_add(
        year=YEAR, employee_numbers="E9001", reason="cadre", by=party_office
    )
    assert added == []
    assert already == [person]
    assert Holder.objects.count() == 1


def test_unknown_numbers_refuse_the_whole_paste_naming_each_line(party_office, department_a):
    PersonFactory(department=department_a, employee_number="E9001")
    with pytest.raises(DomainError) as refusal:
        holders_add(
            year=YEAR,
            employee_numbers="E9001\nX0000\n张三",
            reason="cadre",
            by=party_office,
        )
    assert "第2行“X0000”：没有找到在册人员的工号" in refusal.value.message
    assert "第3行“张三”" in refusal.value.message
    assert refusal.value.field == "employee_numbers"
    assert Holder.objects.count() == 0


def test_a_person_no_longer_in_post_is_refused(party_office, department_a):
    PersonFactory(department=department_a, employee_number="E9001", name="离职者", active=False)
    with pytest.raises(DomainError, match="第1行：离职者已不在职"):
        holders_add(year=YEAR, employee_numbers="E9001", reason="cadre", by=party_office)


@pytest.mark.parametrize(
    ("year", "reason", "message"),
    [
        (YEAR + 2, "cadre", "年度须为"),
        (YEAR, "doctor", "请选择类别"),
    ],
)
def test_a_year_or_reason_out_of_range_is_refused(
    party_office, department_a, year, reason, message
):
    PersonFactory(department=department_a, employee_number="E9001")
    with pytest.raises(DomainError, match=message):
        holders_add(year=year, employee_numbers="E9001", reason=reason, by=party_office)


@pytest.mark.parametrize("persona", ["discipline_office", "head_a", "staff", "party_committee"])
def test_only_the_party_office_keeps_the_set(request, persona, department_a):
    PersonFactory(department=department_a, employee_number="E9001")
    with pytest.raises(DomainError, match="只有党办"):
        holders_add(
            year=YEAR,
            employee_numbers="E9001",
            reason="cadre",
            by=request.getfixturevalue(persona),
        )
    assert Holder.objects.count() == 0


def test_filled_from_the_heads_of_active_departments(party_office, head_a, department_b):
    team = DepartmentFactory(parent=head_a.person.department, name="导管室清廉团队")
    team.head = PersonFactory(department=team)
    team.save(update_fields=["head"])
    closed = DepartmentFactory(active=False)
    closed.head = PersonFactory(department=closed)
    closed.save(update_fields=["head"])
    added, already = holders_fill_from_heads(year=YEAR, by=party_office)
    assert [h.person for h in added] == [head_a.person]
    assert added[0].reason == HolderReason.HEAD
    assert already == []
    added, already = holders_fill_from_heads(year=YEAR, by=party_office)
    assert (added, already) == ([], [head_a.person])


def test_filling_from_heads_without_any_head_is_refused(party_office, department_a):
    with pytest.raises(DomainError, match="没有设置了科室负责人的在用科室"):
        holders_fill_from_heads(year=YEAR, by=party_office)


def test_removal_records_the_day_who_and_why_and_keeps_the_row(party_office, department_a):
    entry = holder(holder_person(department_a), by=party_office)
    today = timezone.localdate()
    removed = holder_remove(holder=entry, by=party_office, removed_on=today, reason="调离")
    assert (removed.removed_on, removed.removed_by, removed.removal_reason) == (
        today,
        party_office,
        "调离",
    )
    assert Holder.objects.filter(pk=entry.pk).exists()
    with pytest.raises(DomainError, match=r"已于.*移出名单"):
        holder_remove(holder=entry, by=party_office, removed_on=today, reason="再次")


@pytest.mark.parametrize(
    ("removed_on", "reason", "message"),
    [
        (None, "调离", "请填写移出日期"),
        ("tomorrow", "调离", "不能晚于今天"),
        ("last_year", "调离", "不能早于"),
        ("today", " ", "请填写移出原因"),
    ],
)
def test_removal_refusals(party_office, department_a, removed_on, reason, message):
    today = timezone.localdate()
    days = {
        None: None,
        "tomorrow": today + datetime.timedelta(days=1),
        "last_year": datetime.date(today.year - 1, 12, 31),
        "today": today,
    }
    entry = holder(holder_person(department_a), by=party_office)
    with pytest.raises(DomainError, match=message):
        holder_remove(holder=entry, by=party_office, removed_on=days[removed_on], reason=reason)
    entry.refresh_from_db()
    assert entry.removed_on is None


def test_a_person_removed_may_be_added_again(party_office, department_a):
    person = PersonFactory(department=department_a, employee_number="E9001")
    entry = holder(person, by=party_office)
    holder_remove(holder=entry, by=party_office, removed_on=timezone.localdate(), reason="调离")
    added, _already = holders_add(
        year=YEAR, employee_numbers="E9001", reason="cadre", by=party_office
    )
    assert len(added) == 1
    assert Holder.objects.filter(person=person).count() == 2
