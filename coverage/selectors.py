"""Coverage toward the target (全覆盖, seed 002 五(二)): every department and clean team
titled at least once by the target year. docs/coverage.md states the rules; this module
is where they are computed.

- **The base** on a day: every unit (department or clean team, each counted on its own)
  set up on or before that day (an empty ``opened_on`` counts as before) and not closed
  or merged into another on or before it. A unit no longer in use (``active`` off)
  without a closing day is left out, since the day it ended is unknown. So a unit set
  up later joins the base from its first day, and a closed one leaves it.
- **Covered**: a unit of the base holds a title of a year from the start year on (the
  hospital's settings, default 2023) that was not revoked. A revoked title does not
  cover; a later title does again.
- **Merged units**: a unit merged into another leaves the base from the merging day,
  and from then on its titles count for the unit it was merged into (along a chain of
  merges: A into B, B into C, A's titles count for C).
- **Years left**: from this year to the target year, this year included while no title
  of this year has been awarded yet; **needed per year** is the units still to cover
  divided by the years left, rounded up.
- **The trend**: for each year from the start year, the share of that year's base
  (on 31 December, or today for this year) covered by titles of the years up to it and
  not revoked by then, so a past year's figure stays what it was then.

Everything is read in four queries (units, titles, rectifications, yearly results),
whatever the number of units; the settings come from the cached profile.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import TitleStatus
from appraisal.evaluation_selectors import last_yearly_results
from appraisal.models import Title
from core.i18n import full_date
from departments.models import Department
from hospital.selectors import hospital_profile
from veto.enums import RectificationState
from veto.models import Rectification


def share(part, whole):
    """``part`` of ``whole`` as a percentage with one decimal (Decimal); 0 of 0 is None."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def year_end(year):
    return datetime.date(year, 12, 31)


def in_base(unit, on):
    """``unit`` is in the coverage's base on day ``on`` (see the module's docstring)."""
    if unit.opened_on is not None and unit.opened_on > on:
        return False
    if unit.closed_on is not None:
        return unit.closed_on > on
    return unit.active


def carrier(unit, on, units):
    """The unit ``unit``'s titles count for on day ``on``: itself, or the unit it was
    merged into on or before ``on``, followed along a chain of merges (``units`` maps
    every unit's pk to the unit)."""
    seen = set()
    while (
        unit.merged_into_id
        and unit.closed_on is not None
        and unit.closed_on <= on
        and unit.pk not in seen
        and unit.merged_into_id in units
    ):
        seen.add(unit.pk)
        unit = units[unit.merged_into_id]
    return unit


def covers(title, on, start_year):
    """``title`` covers its unit on day ``on``: of a year from ``start_year`` to ``on``'s
    year, and not revoked on or before ``on`` (a revoked title without a day never)."""
    if not start_year <= title.year <= on.year:
        return False
    if title.status == TitleStatus.REVOKED:
        return title.revoked_on is not None and title.revoked_on > on
    return True


@dataclass
class UnitYear:
    """A unit's titles of one year: ``held`` and ``revoked`` titles (with ``via``: the
    unit merged into this one that won it, else None)."""

    year: int
    titles: list = field(default_factory=list)  # [(title, via unit or None)]

    @property
    def mark(self):
        """已获 / 已撤销 / —, with the merged unit's name when it won the title."""
        if not self.titles:
            return "—"
        words = []
        for title, via in self.titles:
            word = _("已获") if title.status == TitleStatus.HELD else _("已撤销")
            if via is not None:
                word = _("%(mark)s（原%(unit)s）") % {"mark": word, "unit": via.name}
            words.append(word)
        return "；".join(words)

    @property
    def held(self):
        return any(title.status == TitleStatus.HELD for title, _via in self.titles)


@dataclass
class UnitCoverage:
    """One unit of the base: each year's titles, its revocations, its current
    rectification, its last yearly grade and whether it is covered."""

    unit: Department
    years: list  # [UnitYear], from the start year to this year
    revocations: list  # [(title, via unit or None)]
    rectification: Rectification | None
    last_result: object  # appraisal.EvaluationResult or None
    covered: bool

    @property
    def code(self):
        return self.unit.code

    @property
    def name(self):
        return self.unit.name

    @property
    def kind(self):
        return self.unit.get_unit_kind_display()

    @property
    def ever_titled(self):
        return any(year.titles for year in self.years)

    @property
    def why_not_covered(self):
        """Why a unit is not covered: 从未获评, or its titles were all revoked."""
        if self.covered:
            return ""
        return _("称号已被撤销") if self.ever_titled else _("从未获评")

    @property
    def revocations_text(self):
        return "；".join(
            _("%(date)s撤销%(year)s年度称号：%(reason)s")
            % {
                "date": full_date(title.revoked_on) if title.revoked_on else "—",
                "year": title.year,
                "reason": title.revocation_reason or "—",
            }
            for title, _via in self.revocations
        )

    @property
    def rectification_text(self):
        rectification = self.rectification
        if rectification is None:
            return ""
        return _("%(state)s，整改期至%(date)s") % {
            "state": rectification.get_state_display(),
            "date": full_date(rectification.ends_on),
        }

    @property
    def last_grade_text(self):
        result = self.last_result
        if result is None:
            return ""
        return _("%(year)s年度%(grade)s") % {
            "year": result.year,
            "grade": result.get_grade_display(),
        }


@dataclass(frozen=True)
class TrendYear:
    year: int
    base: int
    covered: int

    @property
    def share(self):
        return share(self.covered, self.base)


@dataclass(frozen=True)
class LeftOut:
    """A unit outside today's base, and why."""

    unit: Department
    reason: str


@dataclass
class HospitalCoverage:
    """The hospital's way to the target on ``today``."""

    today: datetime.date
    start_year: int
    target_year: int
    units: list  # [UnitCoverage] of the base, by code
    left_out: list  # [LeftOut]
    trend: list  # [TrendYear] from the start year to this year
    this_year_titled: bool  # a title of this year has been awarded

    @property
    def this_year(self):
        return self.today.year

    @property
    def years(self):
        return list(range(self.start_year, self.this_year + 1))

    @property
    def base_count(self):
        return len(self.units)

    @property
    def covered_count(self):
        return sum(1 for row in self.units if row.covered)

    @property
    def to_cover(self):
        return self.base_count - self.covered_count

    @property
    def share(self):
        return share(self.covered_count, self.base_count)

    @property
    def not_covered(self):
        return [row for row in self.units if not row.covered]

    @property
    def years_left(self):
        """Years in which titles may still be won by the target year: this year counts
        while no title of it has been awarded."""
        if self.this_year > self.target_year:
            return 0
        return self.target_year - self.this_year + (0 if self.this_year_titled else 1)

    @property
    def needed_per_year(self):
        """Units to cover each year left to reach the target (rounded up), or None when
        no year is left."""
        if not self.years_left:
            return None
        return math.ceil(self.to_cover / self.years_left)

    @property
    def reached(self):
        return self.base_count > 0 and self.to_cover == 0

    @property
    def missed(self):
        return not self.reached and self.years_left == 0


def _left_out_reason(unit, today):
    if unit.opened_on is not None and unit.opened_on > today:
        return _("%(date)s设立") % {"date": full_date(unit.opened_on)}
    if unit.closed_on is not None and unit.merged_into_id:
        return _("已于%(date)s并入%(into)s") % {
            "date": full_date(unit.closed_on),
            "into": unit.merged_into.name,
        }
    if unit.closed_on is not None:
        return _("已于%(date)s撤销") % {"date": full_date(unit.closed_on)}
    return _("已停用（未登记撤销日期）")


def hospital_coverage(*, today=None):
    """The hospital's coverage toward the target on ``today`` (default: today in
    Asia/Shanghai), as the module's docstring defines it. Four queries."""
    today = today or timezone.localdate()
    profile = hospital_profile()
    start_year, target_year = profile.coverage_start_year, profile.coverage_target_year
    units = {
        unit.pk: unit
        for unit in Department.objects.select_related("parent", "merged_into").order_by("code")
    }
    titles = list(
        Title.objects.filter(year__gte=start_year, year__lte=today.year).order_by(
            "year", "awarded_on", "pk"
        )
    )
    base = [unit for unit in units.values() if in_base(unit, today)]
    rectifications = {}
    for rectification in Rectification.objects.exclude(state=RectificationState.ACCEPTED).order_by(
        "unit_id", "-starts_on", "-pk"
    ):
        rectifications.setdefault(rectification.unit_id, rectification)
    results = last_yearly_results(base)

    by_carrier = defaultdict(list)
    for title in titles:
        owner = carrier(units[title.unit_id], today, units)
        by_carrier[owner.pk].append(
            (title, None if owner.pk == title.unit_id else units[title.unit_id])
        )
    rows = []
    for unit in base:
        years = {year: UnitYear(year) for year in range(start_year, today.year + 1)}
        for title, via in by_carrier[unit.pk]:
            years[title.year].titles.append((title, via))
        rows.append(
            UnitCoverage(
                unit=unit,
                years=list(years.values()),
                revocations=[
                    (title, via)
                    for title, via in by_carrier[unit.pk]
                    if title.status == TitleStatus.REVOKED
                ],
                rectification=rectifications.get(unit.pk),
                last_result=results.get(unit.pk),
                covered=any(
                    covers(title, today, start_year) for title, _via in by_carrier[unit.pk]
                ),
            )
        )
    trend = []
    for year in range(start_year, today.year + 1):
        on = min(year_end(year), today)
        in_year = {unit.pk for unit in units.values() if in_base(unit, on)}
        covered = {
            carrier(units[title.unit_id], on, units).pk
            for title in titles
            if covers(title, on, start_year)
        }
        trend.append(TrendYear(year=year, base=len(in_year), covered=len(in_year & covered)))
    return HospitalCoverage(
        today=today,
        start_year=start_year,
        target_year=target_year,
        units=rows,
        left_out=[
            LeftOut(unit=unit, reason=_left_out_reason(unit, today))
            for unit in units.values()
            if not in_base(unit, today)
        ],
        trend=trend,
        this_year_titled=any(title.year == today.year for title in titles),
    )
