"""The hospital's roles as groups holding exactly the permissions of ROLE_PERMISSIONS."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import ROLE_PERMISSIONS, Role, has_role, sync_role_groups, user_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _group_permissions():
    return {
        group.name: {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        for group in Group.objects.all()
    }


def test_every_role_has_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)


@pytest.mark.parametrize("role", list(Role))
def test_role_group_holds_exactly_its_permissions(role):
    assert _group_permissions()[role.value] == set(ROLE_PERMISSIONS[role])


def test_every_permission_in_the_table_exists():
    """A typo in ROLE_PERMISSIONS would be skipped silently by the sync; not here."""
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    listed = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    assert listed - existing == set()


def test_sync_is_idempotent():
    before = _group_permissions()
    group_ids = sorted(Group.objects.values_list("pk", flat=True))
    sync_role_groups()
    sync_role_groups()
    assert _group_permissions() == before
    assert sorted(Group.objects.values_list("pk", flat=True)) == group_ids


def test_sync_takes_away_a_permission_added_by_hand():
    group = Group.objects.get(name=Role.STAFF)
    group.permissions.add(Permission.objects.get(codename="change_person"))
    sync_role_groups()
    assert _group_permissions()[Role.STAFF] == set()


def test_sync_recreates_a_deleted_role_group():
    Group.objects.filter(name=Role.REVIEWER).delete()
    sync_role_groups()
    assert _group_permissions()[Role.REVIEWER] == set(ROLE_PERMISSIONS[Role.REVIEWER])


def test_user_roles_are_the_role_groups_held():
    user = UserFactory(roles=[Role.REVIEWER])
    user.groups.add(Group.objects.create(name="某个非角色分组"))
    assert user_roles(user) == {Role.STAFF, Role.REVIEWER}
    assert has_role(user, Role.REVIEWER)
    assert not has_role(user, Role.PARTY_OFFICE)


def test_anonymous_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert user_roles(AnonymousUser()) == frozenset()
