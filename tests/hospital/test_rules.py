"""hospital.rules alone: the administrator changes the settings; the party office reads them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hospital.rules import CHANGE, VIEW

pytestmark = pytest.mark.django_db

READERS = {"admin_user", "party_office"}
EVERYONE = [
    "staff",
    "applicant_a",
    "head_a",
    "reviewer_a",
    "branch_secretary_a",
    "party_office",
    "leading_group",
    "party_committee",
    "discipline_office",
    "admin_user",
]


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_administrator_and_the_party_office_view_the_settings(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(VIEW) is (persona in READERS)


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_the_administrator_changes_the_settings(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(CHANGE) is (persona == "admin_user")


def test_nobody_signed_out_views_or_changes():
    assert not AnonymousUser().has_perm(VIEW)
    assert not AnonymousUser().has_perm(CHANGE)


def test_an_administrator_who_left_changes_nothing(admin_user):
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])
    assert not admin_user.has_perm(CHANGE)
