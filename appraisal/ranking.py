"""The ranking: the submitted reviews' scores aggregated (selectors, STYLE.md §7).

The rules, exactly:

- Only **submitted** reviews count (a reopened review counts again once resubmitted).
- **Criterion**: the mean of the reviewers' scores, "not applicable" left out.
  With the campaign's option ``trims_extreme_scores``, when at least 5
  reviewers scored the criterion, one highest and one lowest score are
  dropped first (去掉一个最高分和一个最低分).
- A criterion **every** reviewer marked "not applicable" leaves the total, and
  the total is rescaled to full points: total = Σ criterion means × 100 / Σ
  points of the criteria that count. With nothing marked "not applicable" and
  the default rubric (100 points) that is simply the sum of the means.
- **Standard subtotal**: the sum of its criteria's means (not rescaled; shown
  with the points that counted).
- **Total** out of 100, two decimals, rounded half up (Decimal). Criterion
  means and subtotals are shown with two decimals, half up; the total is
  computed from the exact means, never from rounded ones.
- **Ranking** by total, highest first; equal totals (at two decimals) share a
  rank and the next rank skips (1, 2, 2, 4). Applications without a
  submitted review are listed after, unranked.
- **Spread flag**: each reviewer's own total (their scores alone, rescaled
  the same way) is computed; when the highest and the lowest differ by more
  than 15 points, the application is flagged for the party office.

The database counts, sums and finds the highest and lowest score per
(application, criterion), and sums per review, in two grouped queries; Python
only divides, exactly (``fractions.Fraction``), and rounds once at the end, so
.005 always rounds up and 1/3 never drifts.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Max, Min, Q, Sum

from appraisal.enums import APPLICATION_REVIEWED_STATES, ReviewState
from appraisal.models import Application, Criterion, Score

TOTAL_OUT_OF = 100
SPREAD_LIMIT = 15
TRIM_FROM = 5  # reviewers who scored the criterion before the extremes are dropped


def round_half_up(value):
    """An exact non-negative ``Fraction`` as a Decimal with two decimals, half up."""
    if value is None:
        return None
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)


@dataclass
class StandardColumn:
    pk: int
    name: str
    points: Decimal
    criteria: list = field(default_factory=list)  # [Criterion]


@dataclass
class CriterionResult:
    mean: Fraction | None  # None: every reviewer marked it "not applicable"
    scored: int  # reviewers who gave a score (not "not applicable")
    trimmed: bool

    @property
    def shown(self):
        return round_half_up(self.mean)


@dataclass
class ApplicationResult:
    application: Application
    reviews: int = 0  # submitted reviews counted
    criteria: dict = field(default_factory=dict)  # criterion pk -> CriterionResult
    exact_subtotals: list = field(default_factory=list)  # per standard: Fraction or None
    subtotals: list = field(default_factory=list)  # per standard: Decimal or None
    counted_points: list = field(default_factory=list)  # per standard: points that counted
    exact_total: Fraction | None = None
    total: Decimal | None = None
    reviewer_totals: list = field(default_factory=list)  # exact, one per submitted review
    rank: int | None = None

    @property
    def spread(self):
        if len(self.reviewer_totals) < 2:
            return None
        return max(self.reviewer_totals) - min(self.reviewer_totals)

    @property
    def spread_shown(self):
        return round_half_up(self.spread)

    @property
    def flagged(self):
        spread = self.spread
        return spread is not None and spread > SPREAD_LIMIT

    standard_points: list = field(default_factory=list)  # per standard: its full points

    def standard_cells(self):
        """``[(subtotal, points counted, full points)]`` beside the standard columns."""
        return list(zip(self.subtotals, self.counted_points, self.standard_points, strict=True))


@dataclass
class Ranking:
    standards: list
    rows: list  # ApplicationResult, ranked first, then those without reviews
    standard_averages: list  # per standard: the mean subtotal of the ranked rows (Decimal)
    trims_extreme_scores: bool

    @property
    def criteria(self):
        return [c for s in self.standards for c in s.criteria]

    def row_for(self, application_pk):
        return next((r for r in self.rows if r.application.pk == application_pk), None)


def rubric_columns(campaign):
    """The campaign's standards with their criteria, in order (one query)."""
    standards = {}
    for criterion in (
        Criterion.objects.filter(standard__rubric=campaign.rubric_id)
        .select_related("standard")
        .order_by("standard__order", "standard__pk", "order", "pk")
    ):
        standard = criterion.standard
        column = standards.setdefault(
            standard.pk, StandardColumn(standard.pk, standard.name, Decimal(0))
        )
        column.points += criterion.points
        column.criteria.append(criterion)
    return list(standards.values())


def _criterion_mean(count, total, highest, lowest, *, trim):
    if count == 0:
        return None, False
    if trim and count >= TRIM_FROM:
        return Fraction(total - highest - lowest) / (count - 2), True
    return Fraction(total) / count, False


def campaign_ranking(campaign, *, application_ids=None):
    """The campaign's ranking (or, with ``application_ids``, those applications' results).

    Applications in review, recommended or not; four queries whatever their
    number. See the module's docstring for the rules.
    """
    standards = rubric_columns(campaign)
    applications = Application.objects.filter(
        campaign=campaign, state__in=APPLICATION_REVIEWED_STATES
    ).select_related("unit")
    scores = Score.objects.filter(
        review__application__campaign=campaign, review__state=ReviewState.SUBMITTED
    )
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
        scores = scores.filter(review__application_id__in=application_ids)
    results = {a.pk: ApplicationResult(application=a) for a in applications.order_by("unit__code")}

    per_criterion = scores.values_list("review__application_id", "criterion_id").annotate(
        reviews=Count("pk"),
        scored=Count("score"),
        total=Sum("score"),
        highest=Max("score"),
        lowest=Min("score"),
    )
    trim = campaign.trims_extreme_scores
    for application_id, criterion_id, reviews, scored, total, highest, lowest in per_criterion:
        result = results.get(application_id)
        if result is None:
            continue
        mean, trimmed = _criterion_mean(scored, total, highest, lowest, trim=trim)
        result.criteria[criterion_id] = CriterionResult(mean, scored, trimmed)
        result.reviews = max(result.reviews, reviews)

    per_review = scores.values_list("review_id", "review__application_id").annotate(
        total=Sum("score"), counted=Sum("criterion__points", filter=Q(score__isnull=False))
    )
    for _, application_id, total, counted in per_review:
        result = results.get(application_id)
        if result is not None and counted:
            result.reviewer_totals.append(Fraction(total) * TOTAL_OUT_OF / Fraction(counted))

    for result in results.values():
        _totals(result, standards)
    ranked = sorted(
        (r for r in results.values() if r.total is not None),
        key=lambda r: (-r.total, r.application.unit.code),
    )
    previous = None
    for position, result in enumerate(ranked, start=1):
        result.rank = previous.rank if previous and previous.total == result.total else position
        previous = result
    unranked = [r for r in results.values() if r.total is None]
    return Ranking(
        standards=standards,
        rows=ranked + unranked,
        standard_averages=_standard_averages(ranked, standards),
        trims_extreme_scores=trim,
    )


def _totals(result, standards):
    result.standard_points = [standard.points for standard in standards]
    if not result.reviews:
        result.exact_subtotals = [None] * len(standards)
        result.subtotals = [None] * len(standards)
        result.counted_points = [Decimal(0)] * len(standards)
        return
    grand, grand_points = Fraction(0), Decimal(0)
    for standard in standards:
        subtotal, points = None, Decimal(0)
        for criterion in standard.criteria:
            outcome = result.criteria.get(criterion.pk)
            if outcome is None or outcome.mean is None:
                continue
            subtotal = (subtotal or Fraction(0)) + outcome.mean
            points += criterion.points
        result.exact_subtotals.append(subtotal)
        result.subtotals.append(round_half_up(subtotal))
        result.counted_points.append(points)
        if subtotal is not None:
            grand += subtotal
            grand_points += points
    if grand_points:
        result.exact_total = grand * TOTAL_OUT_OF / Fraction(grand_points)
        result.total = round_half_up(result.exact_total)


def _standard_averages(ranked, standards):
    averages = []
    for index in range(len(standards)):
        values = [r.exact_subtotals[index] for r in ranked if r.exact_subtotals[index] is not None]
        averages.append(round_half_up(sum(values) / len(values)) if values else None)
    return averages


def application_result(application):
    """One application's aggregated result (for its own page): an ApplicationResult
    with ``standards`` of the rubric, or None when no review counts yet."""
    ranking = campaign_ranking(application.campaign, application_ids=[application.pk])
    result = ranking.row_for(application.pk)
    if result is None or not result.reviews:
        return None, ranking.standards
    return result, ranking.standards
