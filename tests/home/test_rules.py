"""home.rules alone: the demo clock is for anyone signed in, and only with DEBUG on."""

from django.contrib.auth.models import AnonymousUser

from home.rules import USE_DEMO_CLOCK, debug_is_on


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
