"""The permissions of onboarding.rules, each alone."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from onboarding.models import AccountBatch
from onboarding.rules import (
    CREATE_ACCOUNTS,
    DOWNLOAD_SLIPS,
    RESET_PASSWORD,
    VIEW_BATCHES,
    administers_the_system,
    is_creator_of,
    is_own_roster_entry,
)
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICES = ["party_office", "admin_user"]
OTHERS = [
    "staff",
    "applicant_a",
    "head_a",
    "reviewer_a",
    "branch_secretary_a",
    "leading_group",
    "party_committee",
    "discipline_office",
]


def _batch(by):
    return AccountBatch.objects.create(
        kind=AccountBatch.Kind.OPENING, scope=AccountBatch.Scope.ALL, created_by=by, size=0
    )


@pytest.mark.parametrize("persona", OFFICES)
def test_the_offices_open_accounts_and_read_the_batches(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(CREATE_ACCOUNTS)
    assert user.has_perm(VIEW_BATCHES)


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_opens_accounts_or_reads_the_batches(request, persona):
    user = request.getfixturevalue(persona)
    assert not user.has_perm(CREATE_ACCOUNTS)
    assert not user.has_perm(VIEW_BATCHES)


def test_anonymous_opens_nothing():
    assert not AnonymousUser().has_perm(CREATE_ACCOUNTS)


def test_is_creator_of(party_office, admin_user):
    batch = _batch(party_office)
    assert is_creator_of(party_office, batch)
    assert not is_creator_of(admin_user, batch)
    assert not is_creator_of(party_office, None)


def test_slips_only_to_their_creator_not_another_office(party_office, admin_user):
    batch = _batch(party_office)
    assert party_office.has_perm(DOWNLOAD_SLIPS, batch)
    assert not admin_user.has_perm(DOWNLOAD_SLIPS, batch)


def test_slips_not_to_a_creator_who_lost_the_role(party_office):
    batch = _batch(party_office)
    party_office.groups.clear()
    fresh = type(party_office).objects.get(pk=party_office.pk)
    assert not fresh.has_perm(DOWNLOAD_SLIPS, batch)


def test_administers_the_system(admin_user, staff):
    assert administers_the_system(staff, admin_user.person)
    assert not administers_the_system(admin_user, staff.person)
    superuser = UserFactory(username="root", is_superuser=True)
    assert administers_the_system(staff, PersonFactory(user=superuser))
    assert not administers_the_system(staff, PersonFactory(user=None))


def test_is_own_roster_entry(staff, admin_user):
    assert is_own_roster_entry(staff, staff.person)
    assert not is_own_roster_entry(staff, admin_user.person)


def test_reset_password_by_the_offices(party_office, admin_user, staff):
    assert party_office.has_perm(RESET_PASSWORD, staff.person)
    assert admin_user.has_perm(RESET_PASSWORD, staff.person)


def test_reset_password_of_an_administrator_only_by_an_administrator(party_office, admin_user):
    other_admin = UserFactory(username="admin2", roles=[Role.ADMIN])
    person = PersonFactory(user=other_admin)
    assert not party_office.has_perm(RESET_PASSWORD, person)
    assert admin_user.has_perm(RESET_PASSWORD, person)


def test_reset_password_never_of_ones_own_account(party_office, admin_user):
    assert not party_office.has_perm(RESET_PASSWORD, party_office.person)
    assert not admin_user.has_perm(RESET_PASSWORD, admin_user.person)


@pytest.mark.parametrize("persona", OTHERS)
def test_reset_password_by_nobody_else(request, persona, party_office):
    user = request.getfixturevalue(persona)
    assert not user.has_perm(RESET_PASSWORD, party_office.person)
