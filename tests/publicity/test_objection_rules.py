"""Who is of the department objected to, tested alone: they never read the objection.

The party office and the discipline office read every objection with its objector,
except an objection about their own department: the department objected to never
learns who objected, and nobody handles an objection about their own department.
A person is of the department objected to when they work (an active roster entry) in
its family: the department and all its clean teams (departments.rules.works_in). So an
objection about a clean team is hidden from its parent department and its sister teams.
"""

import pytest

from accounts.roles import Role
from publicity.models import Objection
from publicity.rules import VIEW, is_of_objected_department, objections_for_office
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    decided_campaign,
    listed_publicity,
    objection_of,
    objector,
    publicity_of,
)

pytestmark = pytest.mark.django_db

OFFICES = (Role.PARTY_OFFICE, Role.DISCIPLINE_OFFICE)


def member(username, department, roles=()):
    user = UserFactory(username=username, roles=list(roles))
    PersonFactory(user=user, department=department)
    return user


@pytest.fixture
def team_a(department_a):
    """A clean team inside department A."""
    return DepartmentFactory(code="A01-T1", name="心内科导管室团队", parent=department_a)


@pytest.fixture
def against_a(party_office, department_a, department_b, applicant_a, head_a):
    """An objection to department A and one to department B, by plain staff elsewhere."""
    publicity, (a, b) = listed_publicity(party_office, [department_a, department_b])
    raiser = objector("raiser", department=DepartmentFactory())
    return objection_of(publicity, a, raiser), objection_of(publicity, b, raiser)


@pytest.mark.parametrize("role", OFFICES)
def test_office_member_of_the_department_is_of_it(against_a, department_a, role):
    about_a, about_b = against_a
    user = member("office_a", department_a, [role])
    assert is_of_objected_department(user, about_a) is True
    assert is_of_objected_department(user, about_b) is False
    assert user.has_perm(VIEW, about_a) is False
    assert user.has_perm(VIEW, about_b) is True


@pytest.mark.parametrize("role", OFFICES)
def test_office_member_of_a_clean_team_of_the_department_is_of_it(against_a, team_a, role):
    about_a, about_b = against_a
    user = member("office_team_a", team_a, [role])
    assert is_of_objected_department(user, about_a) is True
    assert user.has_perm(VIEW, about_a) is False
    assert user.has_perm(VIEW, about_b) is True


@pytest.mark.parametrize("role", OFFICES)
def test_office_member_of_another_department_is_not_of_it(against_a, department_b, role):
    about_a, about_b = against_a
    user = member("office_b", department_b, [role])
    assert is_of_objected_department(user, about_a) is False
    assert is_of_objected_department(user, about_b) is True
    assert user.has_perm(VIEW, about_a) is True
    assert user.has_perm(VIEW, about_b) is False


def test_the_offices_personas_read_every_objection(against_a, discipline_office, party_office):
    for user in (discipline_office, party_office):
        for objection in against_a:
            assert is_of_objected_department(user, objection) is False
            assert user.has_perm(VIEW, objection) is True


def test_plain_staff_are_of_their_department_and_read_no_objection(against_a, department_a, staff):
    about_a, about_b = against_a
    colleague = member("colleague_a", department_a)
    assert is_of_objected_department(colleague, about_a) is True
    assert is_of_objected_department(staff, about_b) is True  # staff work in department B
    for user in (colleague, staff):
        for objection in against_a:
            assert user.has_perm(VIEW, objection) is False
        assert list(objections_for_office(user, Objection.objects.all())) == []


def test_a_person_without_a_roster_entry_is_of_no_department(against_a):
    about_a, _ = against_a
    user = UserFactory(username="no_roster", roles=[Role.DISCIPLINE_OFFICE])
    assert is_of_objected_department(user, about_a) is False
    assert user.has_perm(VIEW, about_a) is True


@pytest.fixture
def against_team(party_office, team_a):
    """An objection to the clean team of department A."""
    campaign, (application,) = decided_campaign(party_office, [team_a], allows_clean_teams=True)
    publicity = publicity_of(campaign, party_office)
    return objection_of(
        publicity, application, objector("raiser_team", department=DepartmentFactory())
    )


@pytest.mark.parametrize("role", OFFICES)
def test_office_member_of_the_parent_department_or_a_sister_team_is_of_a_clean_team(
    against_team, department_a, team_a, role
):
    of_parent = member("office_a", department_a, [role])
    of_team = member("office_team_a", team_a, [role])
    of_sibling = member("office_team_a2", DepartmentFactory(parent=department_a), [role])
    assert is_of_objected_department(of_parent, against_team) is True
    assert is_of_objected_department(of_team, against_team) is True
    # A sister team is of the same family (departments.rules.works_in).
    assert is_of_objected_department(of_sibling, against_team) is True
    assert of_parent.has_perm(VIEW, against_team) is False
    assert of_sibling.has_perm(VIEW, against_team) is False


@pytest.mark.parametrize("role", OFFICES)
def test_objections_for_office_agrees_with_the_predicate(
    against_a, against_team, department_a, department_b, team_a, role
):
    everyone = [
        member("office_a", department_a, [role]),
        member("office_team_a", team_a, [role]),
        member("office_b", department_b, [role]),
    ]
    objections = Objection.objects.all()
    for user in everyone:
        expected = {o.pk for o in objections if user.has_perm(VIEW, o)}
        assert set(objections_for_office(user, objections).values_list("pk", flat=True)) == (
            expected
        )
