"""Holders and lists for tests. ``holder`` writes the row directly; the lists go through
the services (their rules are what the tests are about)."""

import datetime

from django.utils import timezone

from responsibility.enums import HolderReason, ItemKind
from responsibility.models import Holder
from responsibility.services import lists as services
from tests.factories import PersonFactory, UserFactory


def holder_person(unit, *, username=None, name="张主任"):
    """A person of ``unit`` with an account."""
    user = UserFactory(username=username or f"holder_{unit.code.lower()}_{name}", name=name)
    return PersonFactory(department=unit, user=user, name=name)


def holder(person, *, year=None, by, reason=HolderReason.CADRE, removed_on=None):
    year = year or timezone.localdate().year
    return Holder.objects.create(
        year=year,
        person=person,
        reason=reason,
        added_by=by,
        added_on=timezone.localdate(),
        removed_on=removed_on,
        removed_by=by if removed_on else None,
        removal_reason="调离" if removed_on else "",
    )


def item(entry, *, by=None, kind=ItemKind.PROBLEM, due_on=None, text="采购环节把关不严"):
    return services.item_add(
        holder=entry,
        by=by or entry.person.user,
        kind=kind,
        text=text,
        measures="集体决策，全程留痕",
        due_on=due_on or datetime.date(entry.year, 12, 31),
    )


def signed_list(entry, *, items=1, due_on=None):
    """The holder's list with ``items`` items, signed by the holder online."""
    for n in range(items):
        item(entry, text=f"问题{n + 1}", due_on=due_on)
    return services.list_sign(holder=entry, by=entry.person.user)
