"""Reads of the yearly evaluation (docs/evaluation.md): which units it evaluates,
its grade bands, its results."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal.enums import CampaignState, YearlyGrade
from appraisal.models import Application, EvaluationResult, GradeBand
from appraisal.ranking import round_half_up
from departments.models import Department

# The defaults every new yearly campaign starts with (the party office may change them
# until the results are confirmed).
DEFAULT_GRADE_BANDS = (
    (YearlyGrade.EXCELLENT, Decimal("90"), Decimal("100")),
    (YearlyGrade.GOOD, Decimal("80"), Decimal("90")),
    (YearlyGrade.PASS, Decimal("60"), Decimal("80")),
    (YearlyGrade.FAIL, Decimal("0"), Decimal("60")),
)


def last_yearly_results(units, *, before_year=None):
    """``{unit pk: EvaluationResult}``: each unit's latest confirmed yearly result
    (only those of years before ``before_year`` when given); units never evaluated
    are left out. One query whatever the number of units."""
    unit_ids = [getattr(unit, "pk", unit) for unit in units]
    rows = EvaluationResult.objects.filter(unit_id__in=unit_ids).select_related("campaign")
    if before_year is not None:
        rows = rows.filter(year__lt=before_year)
    answer = {}
    for result in rows.order_by("unit_id", "-year", "-confirmed_on", "-pk"):
        answer.setdefault(result.unit_id, result)
    return answer


# --- which units a yearly campaign evaluates -------------------------------------------


@dataclass
class LeftOut:
    unit: Department
    reason: str


def half_year_day(year):
    """A unit opened on or before this day is evaluated for ``year``."""
    return datetime.date(year, 6, 30)


def _kinds(campaign):
    kinds = Q(pk__in=[])
    if campaign.allows_departments:
        kinds |= Q(parent__isnull=True)
    if campaign.allows_clean_teams:
        kinds |= Q(parent__isnull=False)
    return kinds


def evaluated_units(campaign, *, on=None):
    """``(evaluated, left_out)``: the units ``campaign`` evaluates if it opens on ``on``
    (a date; default today), and those of its kinds left out with the reason.

    The rule (docs/evaluation.md): every unit of the kinds the campaign includes
    (departments; clean teams when ``allows_clean_teams``) that is active, was opened
    on or before 30 June of the campaign's year (no ``opened_on`` counts as before)
    and was not closed or merged before the campaign opens. Left out and listed: those
    opened after 30 June of the year, those closed or merged since 1 January of the
    year, and inactive units that ended in no recorded way. Two queries."""
    on = on or timezone.localdate()
    cutoff = half_year_day(campaign.year)
    year_began = datetime.date(campaign.year, 1, 1)
    candidates = (
        Department.objects.filter(_kinds(campaign))
        .filter(
            Q(active=True)
            | Q(closed_on__gte=year_began)
            | Q(closed_on__isnull=True, merged_into__isnull=True)
        )
        .select_related("merged_into", "parent")
        .order_by("code")
    )
    evaluated, left_out = [], []
    for unit in candidates:
        ended = unit.closed_on is not None and unit.closed_on < on
        if unit.merged_into_id is not None and (ended or not unit.active):
            left_out.append(LeftOut(unit, _("已并入%(unit)s") % {"unit": unit.merged_into.name}))
        elif ended or (unit.closed_on is not None and not unit.active):
            left_out.append(LeftOut(unit, _("已撤销")))
        elif not unit.active:
            left_out.append(LeftOut(unit, _("已停用")))
        elif unit.opened_on is not None and unit.opened_on > cutoff:
            left_out.append(LeftOut(unit, _("设立不满半年")))
        else:
            evaluated.append(unit)
    return evaluated, left_out


def campaign_units(campaign):
    """The units a campaign evaluates as its page shows them: once opened, its
    applications' units (the list is fixed at opening) and nobody left out is
    recomputed; before, the rule as it would apply today."""
    if campaign.state == CampaignState.DRAFT:
        return evaluated_units(campaign)
    units = [
        application.unit
        for application in Application.objects.filter(campaign=campaign)
        .select_related("unit__parent")
        .order_by("unit__code")
    ]
    _evaluated, left_out = evaluated_units(campaign, on=timezone.localdate(campaign.opens_at))
    opened = {unit.pk for unit in units}
    return units, [row for row in left_out if row.unit.pk not in opened]


# --- grades and results ----------------------------------------------------------------


def grade_bands(campaign):
    """The campaign's grade bands, best first."""
    return list(GradeBand.objects.filter(campaign=campaign).order_by("-lower"))


def campaign_results(campaign):
    """The confirmed results, best first (one query)."""
    return list(
        EvaluationResult.objects.filter(campaign=campaign)
        .select_related("unit")
        .order_by("rank", "unit__code")
    )


def criterion_averages(campaign):
    """``{criterion pk (str): Decimal}``: the hospital's average of each criterion over
    the confirmed results, "not applicable" left out (two decimals, half up)."""
    sums, counts = {}, {}
    for scores in EvaluationResult.objects.filter(campaign=campaign).values_list(
        "criterion_scores", flat=True
    ):
        for key, value in scores.items():
            if value is None:
                continue
            sums[key] = sums.get(key, Decimal(0)) + Decimal(value)
            counts[key] = counts.get(key, 0) + 1
    return {key: round_half_up(Fraction(sums[key]) / counts[key]) for key in sums}
