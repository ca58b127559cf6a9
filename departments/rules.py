"""How a user stands to a unit: the relationship predicates, written once.

A unit is a department or one of its clean teams (``Department.parent``). A
department and its clean teams form one *family*: whoever works in any of them
works in the family, and conflict of interest and objector privacy are decided
on the family (docs/architecture.md, "Conflict of interest").

Every function takes ``(user, unit)`` and is a ``rules`` predicate, so apps use
them directly on a unit (``is_applicant_of(user, unit)``) or adapt them to
their own objects with :func:`on_unit` (``on_unit(works_in, "application.unit")``).
What a user's own unit is comes from their roster entry (``Person``) and is
read once per user object.
"""

import operator

import rules

from accounts.rules import granted, holds
from departments.models import Person

APPLY = "departments.apply_for_department"


def _family_root_id(unit):
    return unit.parent_id or unit.pk


def _own_roster_row(user):
    """``(department id, its parent's id)`` of ``user``'s active roster entry, or None.

    Read once per user object: a page that asks about many units asks once."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_qinglian_roster_row", False)
    if cached is False:
        cached = user._qinglian_roster_row = (
            Person.objects.filter(user=user, active=True)
            .values_list("department_id", "department__parent_id")
            .first()
        )
    return cached


def own_department_id(user):
    """The unit ``user``'s active roster entry names (itself, not its family), or None."""
    row = _own_roster_row(user)
    return row[0] if row else None


def own_family_id(user):
    """The id of the department (family root) ``user`` works in, or None."""
    row = _own_roster_row(user)
    return (row[1] or row[0]) if row else None


@rules.predicate
def works_in(user, unit):
    """``user`` is on the roster (active) of ``unit``'s family: the department, its
    parent department, or any clean team of that department."""
    if unit is None:
        return False
    family_id = own_family_id(user)
    return family_id is not None and family_id == _family_root_id(unit)


is_applicant_of = granted(APPLY)
"""``user`` applies for ``unit`` (the django-guardian grant ``apply_for_department``)."""


@rules.predicate
def is_head_of(user, unit):
    """``user`` is the head (科室负责人) of ``unit``."""
    return (
        unit is not None
        and user is not None
        and user.is_authenticated
        and unit.head_id is not None
        and unit.head.user_id == user.pk
    )


@rules.predicate
def is_branch_secretary_of(user, unit):
    """``user`` is the secretary of ``unit``'s party branch."""
    if unit is None or user is None or not user.is_authenticated:
        return False
    branch = unit.party_branch
    return (
        branch is not None
        and branch.secretary_id is not None
        and (branch.secretary.user_id == user.pk)
    )


# The unit's own people: who speak for it (apply, confirm, answer a notice).
is_of_unit = is_applicant_of | is_head_of


def on_unit(predicate, path="unit"):
    """``predicate`` (a ``(user, unit)`` predicate above) applied to the unit found at
    ``path`` on the object (dotted, e.g. ``"application.unit"``); False without one."""
    getter = operator.attrgetter(path)

    @rules.predicate(name=f"{predicate.name}@{path}")
    def adapted(user, obj):
        if obj is None:
            return False
        return predicate(user, getter(obj))

    return adapted


# --- roster files -------------------------------------------------------------------------

CONFIRM_IMPORT = "departments.confirm_rosterimport"


@rules.predicate
def is_uploader_of(user, roster_import):
    """``user`` uploaded ``roster_import`` (a ``RosterImport``)."""
    return (
        roster_import is not None
        and user is not None
        and user.is_authenticated
        and roster_import.uploaded_by_id == user.pk
    )


# A previewed roster file is confirmed (imported) only by whoever uploaded it: they saw
# its preview. Nobody else sees the upload at all. Who may upload at all is the model
# permission ``departments.import_roster``, asked by the views.
rules.add_perm(CONFIRM_IMPORT, is_uploader_of)


# --- appointments -------------------------------------------------------------------------

APPOINT = "departments.appoint"

# Who appoints and removes the holders of every post (a unit's head and contacts, branch
# secretaries, the hospital-wide roles) and reads the record of appointments: the
# administrator and the party office: both roles hold the model permission
# (accounts/roles.py), read from the cached permission set, so the navigation
# asks it without a query.
may_appoint = holds("departments.add_appointment")
rules.add_perm(APPOINT, may_appoint)


# --- a unit's lifetime --------------------------------------------------------------------

CHANGE_LIFETIME = "departments.change_unit_lifetime"

# Who records a unit's setting up, closing or merging (departments/services/lifetime.py):
# those who keep the roster, the administrator and the party office (the model
# permission ``departments.change_department``, from the cached permission set).
rules.add_perm(CHANGE_LIFETIME, holds("departments.change_department"))
