"""Reads of risk points and key-post holdings: each a fixed number of queries, whatever
the number of rows or units (the lists' query-count tests, the record kinds'
``summarize``)."""

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from departments.models import Department, Person
from departments.selectors import departments_user_applies_for
from risks.enums import RiskGrade, RotationStatus
from risks.models import KeyPost, KeyPostHolding, RiskPoint, RiskReview
from risks.rotation import notice_horizon, rotation_limit, since_cutoff

# --- units --------------------------------------------------------------------------------


def units_kept_by(user):
    """The active units whose records ``user`` keeps: those they head or are a contact of."""
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return (
        Department.objects.filter(active=True)
        .filter(Q(head__user=user) | Q(pk__in=departments_user_applies_for(user).values("pk")))
        .order_by("code")
    )


def units_with_points():
    return Department.objects.filter(risk_points__isnull=False).distinct().order_by("code")


def units_with_holdings():
    return Department.objects.filter(key_post_holdings__isnull=False).distinct().order_by("code")


# --- risk points --------------------------------------------------------------------------


def _year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def points_of_year(year):
    """The points that were on record at some day of ``year``: recorded by its end, and
    not retired before it began."""
    first, last = _year_bounds(year)
    return RiskPoint.objects.filter(recorded_on__lte=last).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gte=first)
    )


def reviewed_in(year):
    """A subquery: the ids of the points reviewed in ``year``."""
    return RiskReview.objects.filter(year=year).values("risk_point_id")


def with_review_state(points, year):
    """``points`` with ``reviewed`` (reviewed in ``year``) and ``last_reviewed_on``."""
    return points.annotate(
        reviewed=Exists(RiskReview.objects.filter(risk_point=OuterRef("pk"), year=year)),
        last_reviewed_on=Subquery(
            RiskReview.objects.filter(risk_point=OuterRef("pk"))
            .order_by("-reviewed_on", "-pk")
            .values("reviewed_on")[:1]
        ),
    )


def unit_points(unit, *, year=None):
    """The unit's points, retired ones included (the list's filter hides them), with
    whether each was reviewed in ``year`` (default this year)."""
    year = year or timezone.localdate().year
    return with_review_state(
        RiskPoint.objects.filter(unit=unit).select_related("unit"), year
    ).order_by("grade", "post", "pk")


def all_points(*, year=None):
    """Every unit's points (the working group's list), with the review state of ``year``."""
    year = year or timezone.localdate().year
    return with_review_state(RiskPoint.objects.select_related("unit"), year).order_by(
        "unit__code", "grade", "post", "pk"
    )


def point_counts(unit, year):
    """``(points in force now, of them reviewed in year)`` for the unit's page (one query)."""
    return RiskPoint.objects.filter(unit=unit, retired_on__isnull=True).aggregate(
        points=Count("pk"), reviewed=Count("pk", filter=Q(pk__in=reviewed_in(year)))
    )


def point_detail(pk):
    return RiskPoint.objects.select_related("unit", "recorded_by", "retired_by").filter(pk=pk)


def point_history(point):
    """Every version of the point, newest first, with who changed it and why (one query)."""
    return point.history.select_related("history_user").order_by("-history_date", "-history_id")


def point_reviews(point):
    return point.reviews.select_related("reviewed_by").order_by("-reviewed_on", "-pk")


def points_not_reviewed(units, year):
    """The points in force of ``units`` not yet reviewed in ``year`` (home)."""
    return (
        RiskPoint.objects.filter(unit__in=units, retired_on__isnull=True)
        .exclude(pk__in=reviewed_in(year))
        .select_related("unit")
        .order_by("unit__code", "grade", "pk")
    )


# --- key posts ------------------------------------------------------------------------------

_ROTATION_RANK = {
    RotationStatus.REACHED: 0,
    RotationStatus.DUE_SOON: 1,
    RotationStatus.WITHIN: 2,
    RotationStatus.ENDED: 3,
}


def with_rotation(holdings, *, today=None, limit=None):
    """``holdings`` with ``rotation`` (a ``RotationStatus``) and ``rotation_rank`` (the most
    urgent first), computed in the database from ``since`` (``risks.rotation``)."""
    today = today or timezone.localdate()
    limit = limit or rotation_limit()
    reached = since_cutoff(today, limit)
    soon = since_cutoff(notice_horizon(today), limit)

    def case(values, output_field):
        return Case(
            When(until__isnull=False, then=Value(values[RotationStatus.ENDED])),
            When(since__lte=reached, then=Value(values[RotationStatus.REACHED])),
            When(since__lte=soon, then=Value(values[RotationStatus.DUE_SOON])),
            default=Value(values[RotationStatus.WITHIN]),
            output_field=output_field,
        )

    return holdings.annotate(
        rotation=case({status: status.value for status in RotationStatus}, CharField()),
        rotation_rank=case(_ROTATION_RANK, IntegerField()),
    )


def unit_holdings(unit, *, today=None, limit=None):
    """Every holding of the unit, ended ones included, with its rotation status."""
    return with_rotation(
        KeyPostHolding.objects.filter(unit=unit).select_related("unit", "post", "person"),
        today=today,
        limit=limit,
    ).order_by("rotation_rank", "since", "pk")


def rotation_list(*, today=None, limit=None):
    """The hospital-wide rotation list: every current holding, the most urgent first."""
    return with_rotation(
        KeyPostHolding.objects.filter(until__isnull=True).select_related("unit", "post", "person"),
        today=today,
        limit=limit,
    ).order_by("rotation_rank", "since", "unit__code", "pk")


def holdings_reaching(units=None, *, statuses, today=None, limit=None):
    """Current holdings (of ``units`` when given) whose rotation status is one of
    ``statuses`` (home: due soon, or past the limit)."""
    holdings = rotation_list(today=today, limit=limit).filter(rotation__in=list(statuses))
    if units is not None:
        holdings = holdings.filter(unit__in=units)
    return holdings


def holding_detail(pk):
    return KeyPostHolding.objects.select_related(
        "unit", "post", "person", "recorded_by", "ended_by", "succeeds__person"
    ).filter(pk=pk)


def post_choices():
    return KeyPost.objects.order_by("name")


def people_of_unit(unit):
    """The active people of the unit and of its clean teams: who may hold its key posts."""
    return (
        Person.objects.filter(active=True)
        .filter(Q(department=unit) | Q(department__parent=unit))
        .select_related("department")
        .order_by("department__code", "employee_number")
    )


# --- per unit -------------------------------------------------------------------------------


def _count_of(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("unit").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def unit_overview(*, year=None, today=None, limit=None):
    """Every active unit with its points in force, reviewed in ``year``, of grade 一级, its
    current key-post holders and those past the rotation limit (one query)."""
    year = year or timezone.localdate().year
    today = today or timezone.localdate()
    limit = limit or rotation_limit()
    points = RiskPoint.objects.filter(unit=OuterRef("pk"), retired_on__isnull=True)
    holders = KeyPostHolding.objects.filter(unit=OuterRef("pk"), until__isnull=True)
    return (
        Department.objects.filter(active=True)
        .annotate(
            points=_count_of(points),
            reviewed=_count_of(points.filter(pk__in=reviewed_in(year))),
            first_grade=_count_of(points.filter(grade=RiskGrade.FIRST)),
            holders=_count_of(holders),
            past_limit=_count_of(holders.filter(since__lte=since_cutoff(today, limit))),
        )
        .annotate(to_review=F("points") - F("reviewed"))
        .order_by("code")
    )
