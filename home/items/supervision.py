"""What supervision visits and the rectification ledger have waiting (supervision app):
a department's open ledger items with their due dates, and the offices' checks, overdue
items and the visits planned this month.

Named ``ledger_*`` and ``visits_*``: ``offices.supervision_items`` is the veto's
ongoing supervision (rectifications after a revoked title, re-checks).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import join_items
from home.items import HomeItem
from supervision import selectors
from supervision.enums import LedgerState


def ledger_items_of_unit(user):
    """For a department's head or contact: its ledger items waiting for it (open or sent
    back), each with its due date, overdue ones marked; the visits to it this month."""
    today = timezone.localdate()
    items = []
    for item in selectors.open_items_of(user):
        sent_back = item.state == LedgerState.SENT_BACK
        items.append(
            HomeItem(
                label=(_("整改被退回：%(unit)s") if sent_back else _("待整改：%(unit)s"))
                % {"unit": item.unit.name},
                url=reverse("supervision:item", args=[item.pk]),
                note=item.finding if len(item.finding) <= 30 else item.finding[:29] + "…",
                due_on=item.due_on,
                overdue=item.due_on < today,
            )
        )
    own = selectors.own_units(user)
    items += [
        HomeItem(
            label=_("本月调研指导：%(units)s")
            % {"units": join_items(unit.name for unit in visit.departments.all())},
            url=reverse("supervision:visit", args=[visit.pk]),
            note=visit.get_kind_display(),
            due_on=visit.planned_on,
        )
        for visit in selectors.visits_planned_in_month(today).filter(departments__in=own).distinct()
    ]
    return items


def ledger_items_of_offices(user):
    """For the party office and the discipline office: the ledger items waiting for their
    check, the overdue ones, and the visits planned this month."""
    counts = selectors.ledger_counts()
    url = reverse("supervision:ledger")
    # Only what is waiting: a count of none is no item.
    items = [
        item
        for item in (
            HomeItem(
                label=_("待核查的整改事项"),
                url=f"{url}?state={LedgerState.RECTIFIED}",
                count=counts["rectified"],
            ),
            HomeItem(
                label=_("逾期未销号的整改事项"),
                url=f"{url}?overdue=yes",
                count=counts["overdue"],
            ),
        )
        if item.count
    ]
    items += [
        HomeItem(
            label=_("本月调研指导：%(units)s")
            % {"units": join_items(unit.name for unit in visit.departments.all())},
            url=reverse("supervision:visit", args=[visit.pk]),
            note=visit.get_kind_display(),
            due_on=visit.planned_on,
        )
        for visit in selectors.visits_planned_in_month(timezone.localdate())
    ]
    return items
