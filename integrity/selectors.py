"""Reads of the integrity records: the units a user keeps, a unit's records of a year
with its gaps, the people to pick from, one's own commitments."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from departments.models import Department, Person
from departments.selectors import departments_user_applies_for
from integrity.coverage import year_coverage
from integrity.membership import year_membership
from integrity.models import Commitment, StudySession, Talk


def units_kept_by(user):
    """The active units ``user`` keeps the records of: those they apply for (head or
    contact) and those they head. Ordered by code."""
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return (
        Department.objects.filter(
            Q(pk__in=departments_user_applies_for(user).values("pk")) | Q(head__user=user),
            active=True,
        )
        .select_related("head")
        .order_by("code")
    )


def members_to_pick(unit, *, today=None):
    """The people who were members of ``unit`` this year (up to today), by number."""
    today = today or timezone.localdate()
    ids = year_membership([unit], today.year, today=today).members[unit.pk].keys()
    return list(Person.objects.filter(pk__in=list(ids)).order_by("employee_number"))


def unit_records(unit, year):
    """Everything the unit's records page shows for ``year``: coverage, the records
    (withdrawn ones too, marked) and the people behind the gaps."""
    coverage = year_coverage([unit], year)[unit.pk]
    commitments = list(
        Commitment.objects.filter(unit=unit, year=year)
        .select_related("person", "received_by", "recorded_by", "withdrawn_by", "scan")
        .order_by("signed_on", "pk")
    )
    talks = list(
        Talk.objects.filter(unit=unit, talked_on__year=year)
        .select_related("person", "talker", "recorded_by", "withdrawn_by")
        .order_by("talked_on", "pk")
    )
    sessions = list(
        StudySession.objects.filter(unit=unit, held_on__year=year)
        .select_related("recorded_by", "withdrawn_by", "file_record")
        .prefetch_related(
            Prefetch("attendees", queryset=Person.objects.order_by("employee_number"))
        )
        .order_by("held_on", "pk")
    )
    gap_ids = coverage.unsigned | coverage.untalked
    names = {
        person.pk: person
        for person in Person.objects.filter(pk__in=list(gap_ids)).order_by("employee_number")
    }
    return {
        "coverage": coverage,
        "commitments": commitments,
        "talks": talks,
        "sessions": sessions,
        "unsigned": [
            names[pk] for pk in sorted(coverage.unsigned, key=lambda pk: names[pk].employee_number)
        ],
        "untalked": [
            names[pk] for pk in sorted(coverage.untalked, key=lambda pk: names[pk].employee_number)
        ],
    }


def own_commitments(person):
    """The person's commitments, newest year first (withdrawn ones too)."""
    return list(
        Commitment.objects.filter(person=person)
        .select_related("unit", "received_by", "scan")
        .order_by("-year", "-pk")
    )
