from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.roles import Role

APPLY_PERMISSION = "departments.apply_for_department"


@transaction.atomic
def applicant_grant(*, user, department, by=None):
    """Let ``user`` apply on behalf of ``department``.

    Side effects: adds ``user`` to the applicant group; grants the object
    permission ``apply_for_department`` on ``department`` (django-guardian).
    """
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=Role.APPLICANT))
    assign_perm(APPLY_PERMISSION, user, department)


@transaction.atomic
def applicant_revoke(*, user, department, by=None):
    """Withdraw the grant of ``applicant_grant``; the applicant group goes when no grant is left."""
    from django.contrib.auth.models import Group

    from .selectors import departments_user_applies_for

    remove_perm(APPLY_PERMISSION, user, department)
    if not departments_user_applies_for(user).exists():
        user.groups.remove(Group.objects.get(name=Role.APPLICANT))


def role_grant(*, user, role):
    """Give ``user`` a role (its group)."""
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=role))
