"""The responsibility rules alone (responsibility/rules.py)."""

import pytest

from responsibility.rules import (
    EDIT,
    MANAGE,
    MARK_PROGRESS,
    RECORD_SCAN,
    SIGN,
    VIEW,
    VIEW_ALL,
    heads_holder_unit,
    is_the_holder,
)
from tests.factories import DepartmentFactory, PersonFactory
from tests.responsibility.factories import holder, holder_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry_a(party_office, department_a):
    return holder(holder_person(department_a, name="持权人甲"), by=party_office)


ALL = [
    "staff",
    "applicant_a",
    "head_a",
    "reviewer_a",
    "party_office",
    "leading_group",
    "party_committee",
    "discipline_office",
    "admin_user",
]


@pytest.mark.parametrize("persona", ALL)
def test_who_reads_every_list_and_keeps_the_set(request, persona):
    user = request.getfixturevalue(persona)
    readers = {"party_office", "discipline_office", "party_committee"}
    assert user.has_perm(VIEW_ALL) is (persona in readers)
    assert user.has_perm(MANAGE) is (persona == "party_office")


@pytest.mark.parametrize("persona", ALL)
def test_who_reads_a_holders_list(request, entry_a, persona):
    readers = {"party_office", "discipline_office", "party_committee", "head_a"}
    assert request.getfixturevalue(persona).has_perm(VIEW, entry_a) is (persona in readers)


def test_the_holder_reads_writes_signs_and_marks_progress(entry_a):
    user = entry_a.person.user
    assert is_the_holder(user, entry_a)
    for perm in (VIEW, EDIT, SIGN, MARK_PROGRESS):
        assert user.has_perm(perm, entry_a), perm
    assert not user.has_perm(RECORD_SCAN, entry_a)


def test_the_party_office_writes_and_records_the_scan_but_never_signs(entry_a, party_office):
    assert party_office.has_perm(EDIT, entry_a)
    assert party_office.has_perm(RECORD_SCAN, entry_a)
    assert not party_office.has_perm(SIGN, entry_a)
    assert not party_office.has_perm(MARK_PROGRESS, entry_a)


@pytest.mark.parametrize("persona", ["discipline_office", "party_committee", "head_a"])
def test_readers_do_not_write(request, entry_a, persona):
    user = request.getfixturevalue(persona)
    for perm in (EDIT, SIGN, RECORD_SCAN, MARK_PROGRESS):
        assert not user.has_perm(perm, entry_a), perm


def test_another_holder_does_not_read_a_colleagues_list(entry_a, party_office, department_a):
    colleague = holder(holder_person(department_a, name="同事"), by=party_office)
    assert not colleague.person.user.has_perm(VIEW, entry_a)


def test_the_head_of_a_department_reads_its_clean_teams_holders(head_a, party_office, department_a):
    team = DepartmentFactory(parent=department_a)
    entry = holder(holder_person(team, name="团队成员"), by=party_office)
    assert heads_holder_unit(head_a, entry)


def test_the_head_reads_by_the_unit_at_the_year_end(
    head_a, party_office, department_a, department_b
):
    person = PersonFactory(department=department_b)
    entry = holder(holder_person(department_b, name="调入者"), by=party_office)
    assert not heads_holder_unit(head_a, entry)
    moved = entry.person
    moved.department = department_a
    moved.save()
    assert heads_holder_unit(head_a, entry)
    assert person.pk
