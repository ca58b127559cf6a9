"""Reads of supervision: who sees which visits and ledger items, counts, and what a
unit's ledger comes to in a year (the record kind appraisal reads)."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone

from departments.models import Department
from departments.selectors import departments_user_applies_for
from supervision.enums import AWAITING_DEPARTMENT, LedgerState, VisitState
from supervision.models import LedgerItem, Visit
from supervision.rules import sees_all

L = LedgerState


def own_units(user):
    """The units ``user`` speaks for: those they apply for (contact) or head."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(
        Q(pk__in=departments_user_applies_for(user).values("pk")) | Q(head__user=user)
    )


def speaks_for_a_unit(user):
    return own_units(user).exists()


def visit_rows(user):
    """The visits ``user`` may read: every one for the offices, the leading group and the
    party committee; for a department's head or contact, the visits to its units."""
    visits = Visit.objects.select_related("lead_office").prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("code"))
    )
    visits = visits.annotate(finding_count=Count("ledger_items", distinct=True))
    if sees_all(user):
        return visits.order_by("-planned_on", "-pk")
    return visits.filter(departments__in=own_units(user)).distinct().order_by("-planned_on", "-pk")


def _overdue(today):
    return Case(
        When(~Q(state=L.CLOSED) & Q(due_on__lt=today), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def ledger_items():
    """Ledger items with what a list shows, ``overdue`` computed in SQL for today."""
    today = timezone.localdate()
    return LedgerItem.objects.select_related("unit", "responsible", "visit").annotate(
        overdue=_overdue(today)
    )


def ledger_rows(user):
    """The ledger items ``user`` may read in the ledger list: all for the offices, the
    leading group and the party committee; a department's own for its head or contact."""
    items = ledger_items()
    if not sees_all(user):
        items = items.filter(unit__in=own_units(user))
    return items.order_by("due_on", "pk")


def unit_ledger_rows(unit):
    return ledger_items().filter(unit=unit).order_by("due_on", "pk")


def overdue_items():
    today = timezone.localdate()
    return LedgerItem.objects.exclude(state=L.CLOSED).filter(due_on__lt=today)


def ledger_counts():
    """The offices' figures: waiting for their check, overdue (two counts, one query)."""
    today = timezone.localdate()
    return LedgerItem.objects.aggregate(
        rectified=Count("pk", filter=Q(state=L.RECTIFIED)),
        overdue=Count("pk", filter=~Q(state=L.CLOSED) & Q(due_on__lt=today)),
    )


def open_items_of(user):
    """The items waiting for the department (open or sent back) of the units ``user``
    speaks for, soonest due first."""
    return (
        LedgerItem.objects.filter(unit__in=own_units(user), state__in=AWAITING_DEPARTMENT)
        .select_related("unit")
        .order_by("due_on", "pk")
    )


def visits_planned_in_month(day):
    """The visits planned (not yet done) in the month of ``day``."""
    return (
        Visit.objects.filter(
            state=VisitState.PLANNED, planned_on__year=day.year, planned_on__month=day.month
        )
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("code")))
        .order_by("planned_on", "pk")
    )


def units_with_items():
    return Department.objects.filter(
        Exists(LedgerItem.objects.filter(unit=OuterRef("pk")))
    ).order_by("code")


def visits_with_items():
    return Visit.objects.filter(Exists(LedgerItem.objects.filter(visit=OuterRef("pk")))).order_by(
        "-planned_on", "-pk"
    )


def ledger_figures(unit_ids, year):
    """``{unit pk: figures}`` of the items found on visits of ``year``, in one query:
    items, closed, closed_on_time, open (not closed), overdue (not closed, past due)."""
    today = timezone.localdate()
    rows = (
        LedgerItem.objects.filter(unit__in=unit_ids, visit__year=year)
        .values("unit_id")
        .annotate(
            items=Count("pk"),
            closed=Count("pk", filter=Q(state=L.CLOSED)),
            closed_on_time=Count(
                "pk",
                filter=Q(state=L.CLOSED, closed_on__isnull=False) & Q(closed_on__lte=F("due_on")),
            ),
            open=Count("pk", filter=~Q(state=L.CLOSED)),
            overdue=Count("pk", filter=~Q(state=L.CLOSED) & Q(due_on__lt=today)),
        )
        .order_by()
    )
    return {row.pop("unit_id"): row for row in rows}
