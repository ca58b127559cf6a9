"""Who holds which role, as ``rules`` predicates (the vocabulary's first half).

A role is a Django group (``accounts.roles``); its model permissions say what
the role may do at all. The predicates here answer "does this user hold role
R" and "does this user hold model permission P" without going back through
``user.has_perm`` for an object, so an object rule may use them without
calling itself. The second half of the vocabulary, how a user stands to a
unit (works in it, applies for it, heads it), is ``departments.rules``. Each
app's ``rules.py`` combines both into object permissions; docs/architecture.md
lists them.
"""

import rules
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef
from guardian.core import ObjectPermissionChecker
from guardian.ctypes import get_content_type
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.roles import Role, has_role


def _role_predicate(role):
    @rules.predicate(name=f"is_{role.value}")
    def holds_role(user):
        return user is not None and user.is_authenticated and has_role(user, role)

    return holds_role


is_staff_member = rules.is_authenticated
is_applicant_role = _role_predicate(Role.APPLICANT)
is_branch_secretary_role = _role_predicate(Role.BRANCH_SECRETARY)
is_reviewer = _role_predicate(Role.REVIEWER)
is_party_office = _role_predicate(Role.PARTY_OFFICE)
is_leading_group = _role_predicate(Role.LEADING_GROUP)
is_party_committee = _role_predicate(Role.PARTY_COMMITTEE)
is_discipline_office = _role_predicate(Role.DISCIPLINE_OFFICE)
is_administrator = _role_predicate(Role.ADMIN)


def holds(permission):
    """A predicate: ``user`` holds the model permission ``permission`` (``app.codename``)
    through a role or a direct grant. Read from the model backend's (cached) set,
    never from ``user.has_perm(permission, obj)``, so a rule of the same name can use it."""

    @rules.predicate(name=f"holds:{permission}")
    def holds_permission(user):
        return (
            user is not None
            and user.is_authenticated
            and user.is_active
            and permission in user.get_all_permissions()
        )

    return holds_permission


def _grant_exists(user, codename, obj):
    content_type = get_content_type(obj)
    on_obj = {"content_type": content_type, "object_pk": str(obj.pk)}
    return (
        Permission.objects.filter(content_type=content_type, codename=codename)
        .filter(
            Exists(
                UserObjectPermission.objects.filter(permission=OuterRef("pk"), user=user, **on_obj)
            )
            | Exists(
                GroupObjectPermission.objects.filter(
                    permission=OuterRef("pk"), group__user=user, **on_obj
                )
            )
        )
        .exists()
    )


def granted(permission):
    """A predicate: ``user`` was given ``permission`` (``app.codename``) on this very
    object with django-guardian (a reviewer's assignment, an applicant's
    department), to the user or to one of their groups. Asked of guardian's tables
    directly, never of ``user.has_perm(permission, obj)``, so a rule of the same name
    can use it."""
    codename = permission.split(".", 1)[1]

    @rules.predicate(name=f"granted:{permission}")
    def holds_grant(user, obj):
        if obj is None or user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return ObjectPermissionChecker(user).has_perm(codename, obj)
        # Asked afresh every time, as guardian's own backend asks: a grant taken away a
        # moment ago (an excused review) is never read from a copy. One query, where
        # guardian's checker reads the user's grants and the groups' in two.
        return _grant_exists(user, codename, obj)

    return holds_grant
