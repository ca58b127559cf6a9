"""Who may read an objection (异议) with its objector, decided in one place and
tested alone.

The party office and the discipline office read objections, except a member who
is of the department objected to (``is_of_objected_department``). The department
objected to never learns who objected, and nobody handles an objection about
their own department, so for such a member the objection does not exist: not in
lists or counts, not as a page or an attachment (404), not in notifications. The
objector reads their own receipt (publicity.views.objections).
"""

from django.db.models import Q

from departments.models import Department, Person

VIEW_OBJECTION = "publicity.view_objection"


# --- objections ---------------------------------------------------------------------------


def _units_of(user):
    """The units ``user`` is of, as a query of department ids: the unit of their roster
    entry, its parent department (a clean team's) and its clean teams. Empty without a
    roster entry. Whether the entry is active does not matter: privacy errs on hiding.

    The relation is symmetric (a department and its clean teams are of each other), so
    ``user`` is of unit U exactly when U is among these.
    """
    department_id = Person.objects.filter(user_id=user.pk).values("department_id")
    return Department.objects.filter(
        Q(pk__in=department_id) | Q(parent_id__in=department_id) | Q(clean_teams__in=department_id)
    ).values("pk")


def is_of_objected_department(user, objection):
    """True when ``user`` works in the department ``objection`` is about: in the unit
    itself, in one of its clean teams, or (an objection to a clean team) in its parent
    department. The one rule of objector privacy and of the handler's recusal."""
    if not user.is_authenticated:
        return False
    return _units_of(user).filter(pk=objection.application.unit_id).exists()


def may_read_objection(user, objection):
    """True when ``user`` reads ``objection`` as an office, objector included: they hold
    the offices' permission and are not of the department objected to."""
    return (
        user.is_authenticated
        and user.has_perm(VIEW_OBJECTION)
        and not is_of_objected_department(user, objection)
    )


def objections_for_office(user, objections):
    """``objections`` narrowed to those ``user`` may read (``may_read_objection``, in SQL
    for lists and counts): none without the offices' permission, and never one about
    the department ``user`` is of."""
    if not (user.is_authenticated and user.has_perm(VIEW_OBJECTION)):
        return objections.none()
    return objections.exclude(application__unit__in=_units_of(user))


def objection_readers(objection, users):
    """Of ``users`` (the offices' members to notify about ``objection``), those not of
    the department objected to."""
    return [user for user in users if not is_of_objected_department(user, objection)]
