"""supervision.rules: each permission alone, allowed and refused personas, with the
department's own items, the assigned reviewer and conflict of interest explicit."""

import pytest
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from supervision import rules as supervision_rules
from supervision.rules import (
    CHECK_ITEM,
    MANAGE_VISITS,
    RECTIFY_ITEM,
    VIEW_ITEM,
    VIEW_OWN_LEDGER,
    VIEW_VISIT,
)
from tests.factories import PersonFactory, UserFactory, open_campaign, submitted_application
from tests.supervision.factories import ledger_item_of, planned_visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("statutory_calendar")]

OFFICES = ("party_office", "discipline_office")
READERS = (*OFFICES, "leading_group", "party_committee")
OTHERS = ("staff", "applicant_b", "reviewer_a", "branch_secretary_a", "admin_user")


@pytest.fixture
def item_a(discipline_office, department_a, head_a, applicant_a):
    return ledger_item_of(department_a, by=discipline_office, responsible=head_a.person)


@pytest.fixture
def assigned_reviewer(party_office, department_a, department_b, applicant_a, head_a):
    """A reviewer of department B assigned to department A's application (the grant the
    assignment gives)."""
    user = UserFactory(username="reviewer_b", roles=[Role.REVIEWER])
    PersonFactory(department=department_b, user=user)
    application = submitted_application(
        open_campaign(party_office), department_a, applicant=applicant_a
    )
    assign_perm("appraisal.score_application", user, application)
    return user


def _who(request, names):
    return {name: request.getfixturevalue(name) for name in names}


def test_visits_are_read_by_the_offices_and_the_deciders(request, discipline_office, department_a):
    visit = planned_visit(discipline_office, [department_a])
    for name, user in _who(request, READERS).items():
        assert user.has_perm(VIEW_VISIT, visit), name
        assert user.has_perm(VIEW_VISIT), name
    for name, user in _who(request, OTHERS).items():
        assert not user.has_perm(VIEW_VISIT, visit), name


def test_a_department_reads_the_visits_to_it(
    discipline_office, department_a, department_b, applicant_a, head_a, applicant_b
):
    visit = planned_visit(discipline_office, [department_a])
    assert applicant_a.has_perm(VIEW_VISIT, visit)
    assert head_a.has_perm(VIEW_VISIT, visit)
    assert not applicant_b.has_perm(VIEW_VISIT, visit)
    both = planned_visit(discipline_office, [department_a, department_b])
    assert applicant_b.has_perm(VIEW_VISIT, both)


def test_visits_are_managed_by_the_two_offices(request, discipline_office, department_a, head_a):
    visit = planned_visit(discipline_office, [department_a])
    for name, user in _who(request, OFFICES).items():
        assert user.has_perm(MANAGE_VISITS, visit), name
    for name, user in _who(
        request, ("leading_group", "party_committee", "applicant_a", *OTHERS)
    ).items():
        assert not user.has_perm(MANAGE_VISITS, visit), name
    assert not head_a.has_perm(MANAGE_VISITS, visit)


def test_items_are_read_by_the_readers_and_the_unit_only(request, item_a, head_a, applicant_a):
    for name, user in _who(request, READERS).items():
        assert user.has_perm(VIEW_ITEM, item_a), name
    assert applicant_a.has_perm(VIEW_ITEM, item_a)
    assert head_a.has_perm(VIEW_ITEM, item_a)
    for name, user in _who(request, OTHERS).items():
        assert not user.has_perm(VIEW_ITEM, item_a), name


def test_a_reviewer_assigned_to_the_units_application_reads_its_items(
    item_a, assigned_reviewer, department_a, department_b
):
    assert assigned_reviewer.has_perm(VIEW_ITEM, item_a)
    assert supervision_rules.reads_ledger_of(assigned_reviewer, department_a)
    assert not supervision_rules.reads_ledger_of(assigned_reviewer, department_b)
    assert not assigned_reviewer.has_perm(RECTIFY_ITEM, item_a)
    assert not assigned_reviewer.has_perm(CHECK_ITEM, item_a)


def test_a_unit_ledger_is_read_by_the_readers_and_the_unit(
    request, department_a, head_a, applicant_a
):
    for name, user in _who(request, (*READERS, "applicant_a", "head_a")).items():
        assert supervision_rules.reads_ledger_of(user, department_a), name
    for name, user in _who(request, OTHERS).items():
        assert not supervision_rules.reads_ledger_of(user, department_a), name


def test_only_the_units_head_and_contact_rectify(request, item_a, head_a, applicant_a):
    assert applicant_a.has_perm(RECTIFY_ITEM, item_a)
    assert head_a.has_perm(RECTIFY_ITEM, item_a)
    for name, user in _who(request, (*READERS, *OTHERS)).items():
        assert not user.has_perm(RECTIFY_ITEM, item_a), name


def test_the_two_offices_check_never_their_own_unit(request, item_a, discipline_office_of_a):
    for name, user in _who(request, OFFICES).items():
        assert user.has_perm(CHECK_ITEM, item_a), name
    for name, user in _who(
        request, ("leading_group", "party_committee", "applicant_a", "head_a", *OTHERS)
    ).items():
        assert not user.has_perm(CHECK_ITEM, item_a), name
    assert not discipline_office_of_a.has_perm(CHECK_ITEM, item_a)


def test_the_own_ledger_link_is_the_applicants(request):
    assert request.getfixturevalue("applicant_a").has_perm(VIEW_OWN_LEDGER)
    for name, user in _who(request, (*READERS, "staff", "reviewer_a")).items():
        assert not user.has_perm(VIEW_OWN_LEDGER), name
