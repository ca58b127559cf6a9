"""The relationship predicates of departments.rules, each alone."""

import pytest
from django.contrib.auth.models import AnonymousUser

from departments.models import RosterImport
from departments.rules import (
    APPOINT,
    CONFIRM_IMPORT,
    is_applicant_of,
    is_branch_secretary_of,
    is_head_of,
    is_of_unit,
    is_uploader_of,
    may_appoint,
    on_unit,
    works_in,
)
from tests.factories import DepartmentFactory, PersonFactory, UserFactory


@pytest.fixture
def team_of_a(department_a):
    return DepartmentFactory(code="A01T", name="心内科清廉团队", parent=department_a)


def _member_of(unit, username):
    user = UserFactory(username=username)
    PersonFactory(department=unit, user=user)
    return user


def test_works_in_own_department(department_a):
    assert works_in(_member_of(department_a, "m"), department_a)


def test_works_in_clean_team_of_own_department(department_a, team_of_a):
    assert works_in(_member_of(department_a, "m"), team_of_a)


def test_works_in_parent_department_of_own_clean_team(department_a, team_of_a):
    assert works_in(_member_of(team_of_a, "m"), department_a)


def test_works_in_sister_clean_team(department_a, team_of_a):
    sister = DepartmentFactory(code="A01S", name="心内科另一团队", parent=department_a)
    assert works_in(_member_of(team_of_a, "m"), sister)


def test_works_in_not_another_department(department_a, department_b):
    assert not works_in(_member_of(department_b, "m"), department_a)


def test_works_in_not_after_leaving(department_a):
    user = _member_of(department_a, "m")
    user.person.active = False
    user.person.save(update_fields=["active"])
    user = type(user).objects.get(pk=user.pk)
    assert not works_in(user, department_a)


def test_works_in_not_without_roster_entry(department_a):
    assert not works_in(UserFactory(username="nobody"), department_a)


def test_works_in_not_anonymous(department_a):
    assert not works_in(AnonymousUser(), department_a)


def test_works_in_reads_roster_once_per_user(department_a, department_b, django_assert_num_queries):
    user = _member_of(department_a, "m")
    with django_assert_num_queries(1):
        assert works_in(user, department_a)
        assert not works_in(user, department_b)


def test_is_applicant_of_own_unit_only(applicant_a, department_a, department_b):
    assert is_applicant_of(applicant_a, department_a)
    assert not is_applicant_of(applicant_a, department_b)


def test_is_applicant_of_not_by_working_there(department_a):
    assert not is_applicant_of(_member_of(department_a, "m"), department_a)


def test_is_head_of(head_a, department_a, department_b):
    assert is_head_of(head_a, department_a)
    assert not is_head_of(head_a, department_b)


def test_is_head_of_unit_without_head(department_b, staff):
    assert not is_head_of(staff, department_b)


def test_is_branch_secretary_of(branch_secretary_a, department_a, department_b):
    assert is_branch_secretary_of(branch_secretary_a, department_a)
    assert not is_branch_secretary_of(branch_secretary_a, department_b)


def test_is_of_unit_applicant_or_head(applicant_a, head_a, reviewer_a, department_a):
    assert is_of_unit(applicant_a, department_a)
    assert is_of_unit(head_a, department_a)
    assert not is_of_unit(reviewer_a, department_a)


def test_on_unit_follows_the_path(applicant_a, department_a, department_b):
    class Holder:
        def __init__(self, unit):
            self.unit = unit

    applies = on_unit(is_applicant_of)
    assert applies(applicant_a, Holder(department_a))
    assert not applies(applicant_a, Holder(department_b))
    assert not applies(applicant_a, None)


# --- roster files -------------------------------------------------------------------------


def _upload_by(user):
    return RosterImport(roster="people", uploaded_by=user)


def test_is_uploader_of(party_office, admin_user):
    roster_import = _upload_by(party_office)
    assert is_uploader_of(party_office, roster_import)
    assert not is_uploader_of(admin_user, roster_import)
    assert not is_uploader_of(AnonymousUser(), roster_import)
    assert not is_uploader_of(party_office, None)


def test_only_the_uploader_may_confirm_an_import(party_office, admin_user):
    """Another holder of the import permission (the administrator) may not."""
    roster_import = _upload_by(party_office)
    assert party_office.has_perm(CONFIRM_IMPORT, roster_import)
    assert admin_user.has_perm("departments.import_roster")
    assert not admin_user.has_perm(CONFIRM_IMPORT, roster_import)
    assert not party_office.has_perm(CONFIRM_IMPORT)


# --- appointments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin_user", True),
        ("party_office", True),
        ("discipline_office", False),
        ("leading_group", False),
        ("party_committee", False),
        ("applicant_a", False),
        ("head_a", False),
        ("branch_secretary_a", False),
        ("reviewer_a", False),
        ("staff", False),
    ],
)
def test_may_appoint_only_the_administrator_and_the_party_office(request, persona, allowed):
    user = request.getfixturevalue(persona)
    assert may_appoint(user) is allowed
    assert user.has_perm(APPOINT) is allowed


def test_may_appoint_nobody_signed_out():
    assert not may_appoint(AnonymousUser())
