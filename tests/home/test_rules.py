"""home.rules alone: who may read the first-run page; the demo clock is for anyone
signed in, and only with DEBUG on."""

import pytest
from django.contrib.auth.models import AnonymousUser

from home.firstrun import VIEW_FIRST_RUN
from home.rules import USE_DEMO_CLOCK, debug_is_on
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {"admin_user", "party_office"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_first_run_page_is_for_the_administrator_and_the_party_office(request, persona):
    user = request.getfixturevalue(persona)
    assert user.has_perm(VIEW_FIRST_RUN) is (persona in READERS)


def test_first_run_page_is_not_for_anonymous():
    assert not AnonymousUser().has_perm(VIEW_FIRST_RUN)


def test_debug_is_on_follows_the_setting(settings, staff):
    settings.DEBUG = True
    assert debug_is_on(staff)
    settings.DEBUG = False
    assert not debug_is_on(staff)


def test_anyone_signed_in_may_use_the_demo_clock_with_debug_on(settings, staff, party_office):
    settings.DEBUG = True
    assert staff.has_perm(USE_DEMO_CLOCK)
    assert party_office.has_perm(USE_DEMO_CLOCK)
    assert not AnonymousUser().has_perm(USE_DEMO_CLOCK)


def test_nobody_may_use_the_demo_clock_with_debug_off(settings, staff, admin_user):
    settings.DEBUG = False
    assert not staff.has_perm(USE_DEMO_CLOCK)
    assert not admin_user.has_perm(USE_DEMO_CLOCK)
