"""The objection rules of publicity.rules, each predicate and permission alone.

Objector privacy is the case that matters: an office member who works in the
department objected to (or in its family: the department and all its clean teams)
is treated like the department; the objector reads their own receipt and files.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from publicity.models import Objection
from publicity.rules import (
    DOWNLOAD_ATTACHMENT,
    HANDLE,
    RAISE,
    VIEW,
    VIEW_RECEIPT,
    is_objector_of,
    is_of_objected_department,
    objection_readers,
    objections_for_office,
)
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    UserFactory,
    decided_campaign,
    listed_publicity,
    objection_of,
    objector,
    pdf_upload,
    publicity_of,
)

pytestmark = pytest.mark.django_db

OFFICES = (Role.PARTY_OFFICE, Role.DISCIPLINE_OFFICE)


def member(username, department, roles=(), *, active=True):
    user = UserFactory(username=username, roles=list(roles))
    PersonFactory(user=user, department=department, active=active)
    return user


@pytest.fixture
def raiser():
    return objector("raiser", department=DepartmentFactory(code="R01", name="检验科"))


@pytest.fixture
def about_a(party_office, department_a, department_b, applicant_a, head_a, raiser, media_root):
    """An objection to department A, with one attachment."""
    publicity, (application, _b) = listed_publicity(party_office, [department_a, department_b])
    return objection_of(publicity, application, raiser, uploads=[pdf_upload("现场照片.pdf")])


@pytest.fixture
def team_a(department_a):
    return DepartmentFactory(code="A01-T1", name="心内科导管室团队", parent=department_a)


# --- is_objector_of ---------------------------------------------------------------------------


def test_is_objector_of_only_the_one_who_raised_it(about_a, raiser, discipline_office, staff):
    assert is_objector_of(raiser, about_a) is True
    assert is_objector_of(discipline_office, about_a) is False
    assert is_objector_of(staff, about_a) is False
    assert is_objector_of(AnonymousUser(), about_a) is False
    assert is_objector_of(raiser, None) is False


# --- is_of_objected_department --------------------------------------------------------------


def test_of_the_objected_department_is_its_family(about_a, department_a, team_a, department_b):
    assert is_of_objected_department(member("in_a", department_a), about_a) is True
    assert is_of_objected_department(member("in_team", team_a), about_a) is True
    assert is_of_objected_department(member("in_b", department_b), about_a) is False


def test_an_inactive_roster_entry_is_of_no_department(about_a, department_a):
    """The family is read from the active roster (departments.rules.works_in): a
    person who left is of no department any more."""
    assert is_of_objected_department(member("left_a", department_a, active=False), about_a) is (
        False
    )


def test_nobody_is_of_the_department_of_no_objection(department_a):
    assert is_of_objected_department(member("in_a", department_a), None) is False


# --- publicity.view_objection ---------------------------------------------------------------


@pytest.mark.parametrize("role", OFFICES)
def test_view_objection_an_office_not_of_the_department(about_a, department_a, department_b, role):
    assert member("office_b", department_b, [role]).has_perm(VIEW, about_a) is True
    assert member("office_a", department_a, [role]).has_perm(VIEW, about_a) is False


def test_view_objection_refused_to_everyone_else(
    about_a, raiser, staff, applicant_a, head_a, party_committee
):
    for user in (raiser, staff, applicant_a, head_a, party_committee, AnonymousUser()):
        assert user.has_perm(VIEW, about_a) is False


@pytest.mark.parametrize("role", OFFICES)
def test_view_objection_without_an_object_is_the_role(department_a, role, staff):
    """What a list page asks: the role's permission, whatever the department."""
    assert member("office_a", department_a, [role]).has_perm(VIEW) is True
    assert staff.has_perm(VIEW) is False


# --- publicity.view_objection_receipt -------------------------------------------------------


def test_view_receipt_is_the_objector_only(about_a, raiser, discipline_office, party_office):
    assert raiser.has_perm(VIEW_RECEIPT, about_a) is True
    assert discipline_office.has_perm(VIEW_RECEIPT, about_a) is False
    assert party_office.has_perm(VIEW_RECEIPT, about_a) is False


def test_the_objector_in_the_department_reads_their_receipt(about_a, department_a, party_office):
    """A member of the department may object to it: they read their own receipt
    (and not the office's page of it)."""
    inside = objector("inside_a", department=department_a)
    objection = objection_of(about_a.publicity, about_a.application, inside)
    assert inside.has_perm(VIEW_RECEIPT, objection) is True
    assert inside.has_perm(VIEW, objection) is False


# --- publicity.handle_objection -------------------------------------------------------------


def test_handle_the_discipline_office_not_of_the_department(
    about_a, department_a, discipline_office, party_office
):
    assert discipline_office.has_perm(HANDLE, about_a) is True
    assert party_office.has_perm(HANDLE, about_a) is False
    recused = member("discipline_a", department_a, [Role.DISCIPLINE_OFFICE])
    assert recused.has_perm(HANDLE, about_a) is False
    assert recused.has_perm(HANDLE) is True  # the role; this objection is what it may not


def test_handle_recusal_covers_the_clean_teams(about_a, team_a):
    in_team = member("discipline_team_a", team_a, [Role.DISCIPLINE_OFFICE])
    assert in_team.has_perm(HANDLE, about_a) is False


# --- publicity.download_objection_attachment ------------------------------------------------


def test_download_attachment_the_objector_and_the_offices(
    about_a, raiser, discipline_office, party_office, department_a, staff, applicant_a
):
    attachment = about_a.attachments.get()
    assert raiser.has_perm(DOWNLOAD_ATTACHMENT, attachment) is True
    assert discipline_office.has_perm(DOWNLOAD_ATTACHMENT, attachment) is True
    assert party_office.has_perm(DOWNLOAD_ATTACHMENT, attachment) is True
    for role in OFFICES:
        of_a = member(f"{role.value}_of_a", department_a, [role])
        assert of_a.has_perm(DOWNLOAD_ATTACHMENT, attachment) is False
    assert staff.has_perm(DOWNLOAD_ATTACHMENT, attachment) is False
    assert applicant_a.has_perm(DOWNLOAD_ATTACHMENT, attachment) is False


# --- publicity.raise_objection --------------------------------------------------------------


def test_raise_any_active_signed_in_user(staff, applicant_a):
    assert staff.has_perm(RAISE) is True
    assert applicant_a.has_perm(RAISE) is True
    assert AnonymousUser().has_perm(RAISE) is False
    staff.is_active = False
    assert staff.has_perm(RAISE) is False


# --- objection_readers (notifications) ------------------------------------------------------


def test_objection_readers_leave_out_the_department(
    about_a, department_a, team_a, discipline_office, party_office
):
    of_a = member("party_a", department_a, [Role.PARTY_OFFICE])
    of_team = member("party_team", team_a, [Role.PARTY_OFFICE])
    readers = objection_readers(about_a, [discipline_office, party_office, of_a, of_team])
    assert readers == [discipline_office, party_office]


# --- objections_for_office: the SQL form agrees with the permission ------------------------


@pytest.mark.parametrize("role", OFFICES)
def test_objections_for_office_agrees_with_view_objection(
    about_a, department_a, department_b, team_a, raiser, role, party_office
):
    sister = DepartmentFactory(code="A01-T2", name="心内科另一团队", parent=department_a)
    campaign, (about_team,) = decided_campaign(party_office, [team_a], allows_clean_teams=True)
    objection_of(publicity_of(campaign, party_office), about_team, raiser)
    people = [
        member("office_a", department_a, [role]),
        member("office_team", team_a, [role]),
        member("office_sister", sister, [role]),
        member("office_b", department_b, [role]),
        member("office_left_a", department_a, [role], active=False),
        UserFactory(username="office_no_roster", roles=[role]),
        member("plain_b", department_b),
        raiser,
    ]
    objections = Objection.objects.all()
    assert objections.count() == 2
    for user in people:
        expected = {o.pk for o in objections if user.has_perm(VIEW, o)}
        found = set(objections_for_office(user, objections).values_list("pk", flat=True))
        assert found == expected, user.username
