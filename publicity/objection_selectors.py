"""Reads of objections (异议). Lists load what their rows show in one query.

Only the discipline office and the party office read ``objection_list``
(it names the objector), never an objection about their own department
(publicity.rules.objections_for_office); a staff member reads their own.
"""

from django.db.models import Count, Q

from departments.models import Department
from publicity.enums import ObjectionState
from publicity.models import Objection, Publicity
from publicity.rules import objections_for_office

HOME_OPEN_OBJECTIONS = 10


def objection_list(user):
    """Every objection ``user`` may read as an office, newest first, with the objector's
    roster entry and the department. The list page narrows it further (publicity/lists.py),
    never wider: its filters and its export start from these rows."""
    objections = objections_for_office(user, Objection.objects.all()).select_related(
        "objector__person", "application__unit", "publicity__campaign", "handler"
    )
    return objections.order_by("-submitted_at", "-pk")


def objections_of(user):
    """``user``'s own objections, newest first."""
    return (
        Objection.objects.filter(objector=user)
        .select_related("application__unit", "publicity__campaign")
        .order_by("-submitted_at", "-pk")
    )


def open_objections_of(user):
    """``user``'s objections not settled yet (a few, for the home page)."""
    return list(
        objections_of(user).filter(state__in=(ObjectionState.SUBMITTED, ObjectionState.TAKEN_UP))[
            :HOME_OPEN_OBJECTIONS
        ]
    )


def open_objection_counts(user):
    """{"submitted": n, "taken_up": m}: what waits for the discipline office, of the
    objections ``user`` may read."""
    return objections_for_office(user, Objection.objects.all()).aggregate(
        submitted=Count("pk", filter=Q(state=ObjectionState.SUBMITTED)),
        taken_up=Count("pk", filter=Q(state=ObjectionState.TAKEN_UP)),
    )


def units_with_objections(user):
    """The departments to filter the list by: those objected to in an objection ``user``
    may read (so never ``user``'s own department)."""
    return Department.objects.filter(
        pk__in=objections_for_office(user, Objection.objects.all()).values("application__unit_id")
    ).order_by("code")


def publicities_with_objections(user):
    """The publicities to filter the list by: those that received an objection ``user``
    may read."""
    return (
        Publicity.objects.filter(
            objections__in=objections_for_office(user, Objection.objects.all())
        )
        .distinct()
        .select_related("campaign")
        .order_by("-starts_on", "-pk")
    )
