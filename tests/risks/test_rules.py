"""risks.rules alone: the unit's head and contact keep; the working group, the keepers and
a reviewer assigned to the unit's application read; nobody else."""

import pytest
from guardian.shortcuts import assign_perm, remove_perm

from risks.rules import KEEP, VIEW, VIEW_ALL, keeps_records_of, reads_records_of, sees_all
from tests.factories import open_campaign, submitted_application
from tests.risks.factories import holding, risk_point

pytestmark = pytest.mark.django_db

READ_ALL = ("party_office", "discipline_office", "leading_group", "party_committee")
KEEPERS = ("applicant_a", "head_a")
NOBODY_ELSE = ("staff", "applicant_b", "reviewer_a", "branch_secretary_a", "admin_user")


@pytest.mark.parametrize("persona", KEEPERS)
def test_head_and_contact_keep_and_read_the_units_records(request, department_a, persona):
    user = request.getfixturevalue(persona)
    point = risk_point(department_a)
    held = holding(department_a, since=point.recorded_on)
    assert keeps_records_of(user, department_a)
    assert reads_records_of(user, department_a)
    for record in (point, held):
        assert user.has_perm(KEEP, record)
        assert user.has_perm(VIEW, record)


@pytest.mark.parametrize("persona", READ_ALL)
def test_working_group_reads_every_unit_but_keeps_none(request, department_a, persona):
    user = request.getfixturevalue(persona)
    point = risk_point(department_a)
    assert sees_all(user)
    assert user.has_perm(VIEW_ALL)
    assert reads_records_of(user, department_a)
    assert user.has_perm(VIEW, point)
    assert not keeps_records_of(user, department_a)
    assert not user.has_perm(KEEP, point)


@pytest.mark.parametrize("persona", NOBODY_ELSE)
def test_anyone_else_neither_reads_nor_keeps(request, department_a, persona):
    user = request.getfixturevalue(persona)
    point = risk_point(department_a)
    assert not reads_records_of(user, department_a)
    assert not user.has_perm(VIEW, point)
    assert not user.has_perm(KEEP, point)
    assert not user.has_perm(VIEW_ALL)


def test_contact_of_b_is_kept_from_a_and_keeps_b(department_a, department_b, applicant_b):
    assert not keeps_records_of(applicant_b, department_a)
    assert keeps_records_of(applicant_b, department_b)
    assert applicant_b.has_perm(KEEP, risk_point(department_b))


def test_contacts_hold_the_model_permission_for_the_navigation(applicant_a, head_a):
    assert applicant_a.has_perm(KEEP)
    assert not head_a.has_perm(KEEP)  # a head without the role: from home, not the menu


def test_a_reviewer_assigned_to_the_units_application_reads_while_assigned(
    department_a, party_office, applicant_a, head_a, reviewer_a
):
    point = risk_point(department_a)
    application = submitted_application(open_campaign(party_office), department_a)
    assert not reads_records_of(reviewer_a, department_a)
    assign_perm("appraisal.score_application", reviewer_a, application)
    assert reads_records_of(reviewer_a, department_a)
    assert reviewer_a.has_perm(VIEW, point)
    assert not reviewer_a.has_perm(KEEP, point)
    remove_perm("appraisal.score_application", reviewer_a, application)
    assert not reads_records_of(reviewer_a, department_a)


def test_nothing_is_read_of_no_unit(applicant_a):
    assert not reads_records_of(applicant_a, None)
    assert not applicant_a.has_perm(VIEW, None)
