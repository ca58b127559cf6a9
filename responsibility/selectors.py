"""Reads of the holders and their lists.

**The unit a holder counts in** is the unit of their roster entry on the year's *as-of
day*: the year's last day, or today in the running year (``as_of``). The roster entry
says which department a person joined and when (``Person.joined_department_on``); when
that day is after the as-of day, the department they were in then is read from the
entry's history (the last history row whose ``joined_department_on`` is on or before
it). So a holder who moved in the year counts in the unit they were in at its end.
A department's holders include those of its clean teams; a clean team's are its own.

**A holder counts** on a day when they are in the year's set and not removed on or
before that day (``removed_on`` is the first day they no longer count).
"""

import datetime

from django.db.models import (
    Case,
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
from responsibility.enums import FilingStatus, ListState
from responsibility.models import Holder, ListItem, ResponsibilityList


def as_of(year, today=None):
    """The day a year's figures are read on: 31 December, or today in the running year."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def unit_on(day):
    """An expression (on ``Holder``): the id of the person's unit on ``day``."""
    then = (
        Person.history.filter(id=OuterRef("person_id"), joined_department_on__lte=day)
        .order_by("-history_date", "-history_id")
        .values("department_id")[:1]
    )
    return Case(
        When(person__joined_department_on__lte=day, then=F("person__department_id")),
        default=Coalesce(Subquery(then), F("person__department_id")),
        output_field=IntegerField(),
    )


def counting_on(day):
    """A filter (on ``Holder``): in the set on ``day`` (not yet removed)."""
    return Q(removed_on__isnull=True) | Q(removed_on__gt=day)


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("list_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_list_state(holders, *, today=None):
    """``holders`` annotated with where each stands with their list:

    ``signed_list_id`` the latest signed version (None before one is signed),
    ``draft_id`` the version being written, ``filed`` (a version with at least one item),
    ``items``, ``items_done`` and ``items_overdue`` (not done, due before today) of the
    signed version, and ``unit_id_then`` (the unit on the year's as-of day, see above:
    each holder's own year)."""
    today = today or timezone.localdate()
    signed = ResponsibilityList.objects.filter(
        holder=OuterRef("pk"), state=ListState.SIGNED
    ).order_by("-version")
    draft = ResponsibilityList.objects.filter(holder=OuterRef("pk"), state=ListState.DRAFT)
    items = ListItem.objects.filter(list_id=OuterRef("signed_list_id"))
    return holders.annotate(
        signed_list_id=Subquery(signed.values("pk")[:1]),
        signing_method=Subquery(signed.values("signing_method")[:1]),
        signed_at=Subquery(signed.values("signed_at")[:1]),
        draft_id=Subquery(draft.values("pk")[:1]),
        filed=Exists(ListItem.objects.filter(list__holder=OuterRef("pk"))),
    ).annotate(
        items=_count(items),
        items_done=_count(items.filter(done=True)),
        items_overdue=_count(items.filter(done=False, due_on__lt=today)),
    )


def filing_status(holder):
    """``FilingStatus`` of a holder annotated by ``with_list_state``."""
    if holder.signed_list_id:
        return FilingStatus.SIGNED
    if holder.filed:
        return FilingStatus.NOT_SIGNED
    return FilingStatus.NOT_FILED


def holders_of_year(year, *, today=None, include_removed=False):
    """The year's holders with their list state and their unit on the as-of day."""
    day = as_of(year, today)
    holders = Holder.objects.filter(year=year)
    if not include_removed:
        holders = holders.filter(counting_on(day))
    holders = holders.select_related("person__department").annotate(unit_id_then=unit_on(day))
    holders = holders.annotate(
        unit_name_then=Subquery(
            Department.objects.filter(pk=OuterRef("unit_id_then")).values("name")[:1]
        )
    )
    return with_list_state(holders, today=today)


def holders_by_unit(holders, units):
    """``{unit pk: [holder]}``: the holders (of ``holders_of_year``) each unit counts, a
    department's with its clean teams'. One query (the units' parents)."""
    holders = list(holders)
    parents = dict(
        Department.objects.filter(pk__in={h.unit_id_then for h in holders}).values_list(
            "pk", "parent_id"
        )
    )
    own, family = {}, {}
    for holder in holders:
        own.setdefault(holder.unit_id_then, []).append(holder)
        parent = parents.get(holder.unit_id_then)
        if parent:
            family.setdefault(parent, []).append(holder)
    return {
        unit.pk: own.get(unit.pk, []) + ([] if unit.parent_id else family.get(unit.pk, []))
        for unit in units
    }


def family_ids(unit):
    """The unit, and its clean teams when it is a department."""
    if unit.parent_id:
        return [unit.pk]
    return [unit.pk, *Department.objects.filter(parent=unit).values_list("pk", flat=True)]


def units_headed_by(user):
    """The units ``user`` heads, with their clean teams (whose holders they read)."""
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(Q(head__user=user) | Q(parent__head__user=user))


def holder_unit(holder):
    """The unit ``holder`` counts in (with its head and its parent's head), one query."""
    unit_id = getattr(holder, "unit_id_then", None)
    if unit_id is None:
        unit_id = (
            Holder.objects.filter(pk=holder.pk)
            .annotate(unit_id_then=unit_on(as_of(holder.year)))
            .values_list("unit_id_then", flat=True)
            .first()
        )
    return Department.objects.select_related("head", "parent__head").filter(pk=unit_id).first()


def holder_of(user, year):
    """``user``'s standing entry in the set of ``year``, or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Holder.objects.filter(person__user=user, year=year, removed_on__isnull=True)
        .select_related("person")
        .first()
    )


def holdings_of(user):
    """Every entry of ``user`` in any year's set (the holder's own page)."""
    if user is None or not user.is_authenticated:
        return Holder.objects.none()
    return with_list_state(Holder.objects.filter(person__user=user)).order_by("-year", "-pk")


def versions(holder):
    """Every version of the holder's list, newest first, with items, progress and scan."""
    return (
        ResponsibilityList.objects.filter(holder=holder)
        .select_related("signed_by", "created_by", "scan")
        .prefetch_related("items__progress")
        .order_by("-version")
    )


def years_on_record():
    years = set(Holder.objects.values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)
