"""What the integrity records have missing (integrity app): for a unit's head or contact,
the unit's gaps of the year with their deadline; for anyone on the roster, their own
unsigned commitment. Each function takes the user and returns ``HomeItem`` rows."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.items import HomeItem
from integrity.coverage import quarter_end, year_coverage
from integrity.records import records_url
from integrity.selectors import units_kept_by
from integrity.services.commitments import own_person, standing_commitment


def integrity_items_of_keeper(user):
    """The kept units' gaps this year: the current quarter without a study session (due
    at its end), quarters already missed, members not signed and members without a talk
    (due at the year's end). A fixed number of queries for any number of units."""
    units = list(units_kept_by(user))
    if not units:
        return []
    today = timezone.localdate()
    year_end = datetime.date(today.year, 12, 31)
    items = []
    coverages = year_coverage(units, today.year, today=today)
    for unit in units:
        coverage = coverages[unit.pk]
        url = records_url(unit, today.year)
        quarter = coverage.current_quarter
        if quarter and not coverage.by_quarter[quarter]:
            items.append(
                HomeItem(
                    label=_("%(unit)s：本季度尚无科内学习") % {"unit": unit.name},
                    url=f"{url}#sessions",
                    due_on=quarter_end(today.year, quarter),
                )
            )
        if coverage.quarters_missed:
            items.append(
                HomeItem(
                    label=_("%(unit)s：有已结束的季度没有科内学习") % {"unit": unit.name},
                    url=f"{url}#sessions",
                    count=len(coverage.quarters_missed),
                    overdue=True,
                    due_on=quarter_end(today.year, coverage.quarters_missed[-1]),
                )
            )
        if coverage.unsigned:
            items.append(
                HomeItem(
                    label=_("%(unit)s：尚未签署本年度廉洁承诺书的人员") % {"unit": unit.name},
                    url=f"{url}#commitments",
                    count=len(coverage.unsigned),
                    due_on=year_end,
                )
            )
        if coverage.untalked:
            items.append(
                HomeItem(
                    label=_("%(unit)s：本年尚未廉政约谈的人员") % {"unit": unit.name},
                    url=f"{url}#talks",
                    count=len(coverage.untalked),
                    due_on=year_end,
                )
            )
    return items


def own_commitment_items(user):
    """签署本年度廉洁承诺书, for anyone on the roster who has not signed this year's."""
    person = own_person(user)
    if person is None:
        return []
    today = timezone.localdate()
    if standing_commitment(person, today.year) is not None:
        return []
    return [
        HomeItem(
            label=_("签署本年度廉洁承诺书"),
            url=reverse("integrity:mine"),
            due_on=datetime.date(today.year, 12, 31),
        )
    ]
