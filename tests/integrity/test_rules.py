"""integrity.rules alone: who keeps a unit's records, who reads them, who may see and
withdraw a record."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from accounts.roles import Role
from integrity.rules import (
    KEEP,
    VIEW_ALL,
    VIEW_RECORD,
    WITHDRAW,
    keeps_records_of,
    reads_records_of,
)
from tests.factories import PersonFactory, UserFactory, open_campaign, submitted_application
from tests.integrity.factories import commitment, session, talk

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
READ_ALL = ("party_office", "discipline_office", "leading_group", "party_committee")


@pytest.fixture
def everyone(request):
    names = (
        "staff",
        "applicant_a",
        "applicant_b",
        "head_a",
        "reviewer_a",
        "branch_secretary_a",
        *READ_ALL,
        "admin_user",
    )
    return {name: request.getfixturevalue(name) for name in names}


def test_the_units_head_and_contact_keep_its_records_nobody_else(department_a, everyone):
    keepers = {name for name, user in everyone.items() if keeps_records_of(user, department_a)}
    assert keepers == {"applicant_a", "head_a"}


def test_the_working_group_and_the_units_keepers_read_its_records(department_a, everyone):
    readers = {name for name, user in everyone.items() if reads_records_of(user, department_a)}
    assert readers == {"applicant_a", "head_a", *READ_ALL}


def test_a_reviewer_assigned_to_the_units_application_reads_its_records(
    department_a, department_b, applicant_a, party_office
):
    reviewer = UserFactory(username="reviewer_b", roles=[Role.REVIEWER])
    PersonFactory(department=department_b, user=reviewer)
    assert not reads_records_of(reviewer, department_a)
    application = submitted_application(
        open_campaign(party_office), department_a, applicant=applicant_a
    )
    assign_perm("appraisal.score_application", reviewer, application)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert reads_records_of(reviewer, department_a)
    assert not reads_records_of(reviewer, department_b)
    assert not keeps_records_of(reviewer, department_a)


def test_the_model_permissions_open_the_navigation(everyone):
    assert {name for name, user in everyone.items() if user.has_perm(KEEP)} == {
        "applicant_a",
        "applicant_b",
    }
    assert {name for name, user in everyone.items() if user.has_perm(VIEW_ALL)} == set(READ_ALL)


def test_a_record_is_seen_by_its_units_readers_and_withdrawn_by_its_keepers(
    department_a, everyone, member_a
):
    by = everyone["applicant_a"]
    records = [
        commitment(member_a, department_a, by, signed_on=TODAY),
        talk(member_a, department_a, by, talked_on=TODAY, talker=everyone["head_a"].person),
        session(department_a, by, held_on=TODAY, attendees=[member_a]),
    ]
    for record in records:
        seers = {name for name, user in everyone.items() if user.has_perm(VIEW_RECORD, record)}
        assert seers == {"applicant_a", "head_a", *READ_ALL}
        withdrawers = {name for name, user in everyone.items() if user.has_perm(WITHDRAW, record)}
        assert withdrawers == {"applicant_a", "head_a"}


def test_the_signer_sees_their_own_commitment_not_others_records(department_b, staff, applicant_b):
    own = commitment(staff.person, department_b, staff, signed_on=TODAY)
    assert staff.has_perm(VIEW_RECORD, own)
    assert not staff.has_perm(WITHDRAW, own)
    other = session(department_b, applicant_b, held_on=TODAY, attendees=[staff.person])
    assert not staff.has_perm(VIEW_RECORD, other)
