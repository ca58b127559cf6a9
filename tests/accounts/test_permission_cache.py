"""accounts.backends.CachedPermissionsBackend: a user's permissions are read from the
database once, and a change of roles, grants or the user row is seen at once."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCORE = "appraisal.score_assigned"


def fresh(user):
    """The user as the next request loads it: no permissions remembered on the object."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="pingshen")
    user.groups.add(Group.objects.get(name=Role.REVIEWER))
    return user


def test_the_next_request_reads_no_permissions_from_the_database(
    reviewer, django_assert_num_queries
):
    assert fresh(reviewer).has_perm(SCORE)
    user = fresh(reviewer)
    with django_assert_num_queries(0):
        assert user.has_perm(SCORE)
        assert not user.has_perm("appraisal.decide_application")


def test_a_role_taken_away_is_seen_by_the_next_request(
    reviewer, django_capture_on_commit_callbacks
):
    assert fresh(reviewer).has_perm(SCORE)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.groups.remove(Group.objects.get(name=Role.REVIEWER))
    assert not fresh(reviewer).has_perm(SCORE)


def test_a_role_given_is_seen_by_the_next_request(db, django_capture_on_commit_callbacks):
    user = UserFactory(username="xinren")
    assert not fresh(user).has_perm(SCORE)
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.get(name=Role.REVIEWER).user_set.add(user)
    assert fresh(user).has_perm(SCORE)


def test_a_grant_taken_from_a_role_is_seen_by_its_members(
    reviewer, django_capture_on_commit_callbacks
):
    assert fresh(reviewer).has_perm(SCORE)
    permission = Permission.objects.get(codename="score_assigned")
    with django_capture_on_commit_callbacks(execute=True):
        Group.objects.get(name=Role.REVIEWER).permissions.remove(permission)
    assert not fresh(reviewer).has_perm(SCORE)


def test_a_grant_to_the_user_and_the_user_row_are_seen_at_once(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(username="guanliyuan")
    assert not fresh(user).has_perm(SCORE)
    with django_capture_on_commit_callbacks(execute=True):
        user.user_permissions.add(Permission.objects.get(codename="score_assigned"))
    assert fresh(user).has_perm(SCORE)
    with django_capture_on_commit_callbacks(execute=True):
        user.user_permissions.clear()
    assert not fresh(user).has_perm(SCORE)
    with django_capture_on_commit_callbacks(execute=True):
        superuser = fresh(user)
        superuser.is_superuser = True
        superuser.save()
    assert fresh(user).has_perm("appraisal.decide_application")


def test_an_inactive_user_has_no_permissions_whatever_was_kept(reviewer):
    assert fresh(reviewer).has_perm(SCORE)
    User.objects.filter(pk=reviewer.pk).update(is_active=False)
    assert not fresh(reviewer).has_perm(SCORE)
