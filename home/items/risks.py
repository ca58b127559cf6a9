"""What the risk points and key posts have waiting (risks app, docs/yearwork.md): for a
unit's head or contact, its points not yet reviewed this year and its holders reaching
the rotation limit; for the discipline office, the holders past the limit.

Each function takes the user and returns ``HomeItem`` rows (``home.selectors``).
"""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.i18n import join_items
from home.items import HomeItem
from risks import selectors
from risks.enums import RotationStatus
from risks.rotation import limit_reached_on, rotation_limit

# The holders named beside the discipline office's count.
NAMED_HOLDERS = 3


def _url(name, pk=None, **query):
    url = reverse(name, args=[pk] if pk else None)
    return f"{url}?{urlencode(query)}" if query else url


def unit_items(user):
    """For whoever keeps a unit's records (head or contact, whatever their roles): the
    unit's points not reviewed this year (due by 31 December) and its holders who have
    reached the rotation limit or reach it within six months (due on the earliest
    limit date)."""
    units = list(selectors.units_kept_by(user))
    if not units:
        return []
    today = timezone.localdate()
    limit = rotation_limit()
    year_end = datetime.date(today.year, 12, 31)
    to_review = defaultdict(int)
    for point in selectors.points_not_reviewed(units, today.year):
        to_review[point.unit_id] += 1
    reaching = defaultdict(list)
    for holding in selectors.holdings_reaching(
        units, statuses=(RotationStatus.REACHED, RotationStatus.DUE_SOON), today=today, limit=limit
    ):
        reaching[holding.unit_id].append(holding)
    items = []
    for unit in units:
        if to_review[unit.pk]:
            items.append(
                HomeItem(
                    label=_("%(unit)s：廉政风险点待年度复核") % {"unit": unit.name},
                    url=_url("risks:unit_points", unit.pk, reviewed="no"),
                    count=to_review[unit.pk],
                    due_on=year_end,
                )
            )
        holdings = reaching[unit.pk]
        if holdings:
            reached = [h for h in holdings if h.rotation == RotationStatus.REACHED]
            items.append(
                HomeItem(
                    label=(
                        _("%(unit)s：重点岗位人员已达轮岗年限")
                        if reached
                        else _("%(unit)s：重点岗位人员即将达到轮岗年限")
                    )
                    % {"unit": unit.name},
                    url=_url("risks:unit_posts", unit.pk),
                    count=len(holdings),
                    note=join_items(h.person.name for h in holdings[:NAMED_HOLDERS]),
                    due_on=min(limit_reached_on(h.since, limit) for h in holdings),
                    overdue=bool(reached),
                )
            )
    return items


def discipline_office_items(user):
    """The holders of key posts past the hospital's rotation limit, hospital-wide."""
    today = timezone.localdate()
    limit = rotation_limit()
    holdings = list(
        selectors.holdings_reaching(statuses=(RotationStatus.REACHED,), today=today, limit=limit)
    )
    if not holdings:
        return []
    return [
        HomeItem(
            label=_("重点岗位人员已达轮岗年限（%(limit)s年）") % {"limit": limit},
            url=_url("risks:rotation", rotation=RotationStatus.REACHED.value),
            count=len(holdings),
            note=join_items(
                _("%(person)s（%(unit)s·%(post)s）")
                % {"person": h.person.name, "unit": h.unit.name, "post": h.post.name}
                for h in holdings[:NAMED_HOLDERS]
            ),
            due_on=limit_reached_on(holdings[0].since, limit),
            overdue=True,
        )
    ]
