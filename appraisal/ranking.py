"""The ranking: the submitted reviews' scores aggregated (selectors).

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
- **Computed criteria** (a yearly campaign's criteria with a formula,
  docs/evaluation.md): the criterion counts with the unit's computed score
  (``ComputedScore``, in half points) in place of the reviewers' mean, exactly,
  whatever the reviewers entered for it; it always counts (its points are never
  left out as "not applicable"), and with no computed score yet it counts 0. An
  application is ranked once a review of it is submitted, as in a selection.
- **Spread flag**: each reviewer's own total (their scores alone, rescaled
  the same way) is computed; when the highest and the lowest differ by more
  than 15 points, the application is flagged for the party office. (Reviewers
  do not score computed criteria: their own totals are of what they scored.)

The database counts, sums and finds the highest and lowest score per
(application, criterion) in one grouped query, in half points so that every
figure it returns is an integer; each submitted review's own total was
written with it on submit (``Review.submitted_total``), so the spread check
reads one row per review. Python then keeps
every mean exact as an integer count of 1/L points, L being twice the least
common multiple of 1 … the most reviewers who scored one criterion (so that any
mean, trimmed or not, is a whole number of them), and rounds once at the end,
half up: .005 always rounds up and 1/3 never drifts.

**Kept in the cache.** What the pages make of a campaign's ranking is kept
(``ranking_kept``) under two versions: the campaign's own and one for every
campaign. Every change of an application's or a review's state writes its
event row in the same transaction (``core.workflow.apply_transition``; nothing
is deleted), so the receivers below renew the campaign's version when an
``ApplicationEvent``, ``ReviewEvent`` or ``CampaignEvent`` is saved or the
campaign itself is (its option ``trims_extreme_scores``), and every
campaign's when a department is (its code and name are shown): renewed once
the transaction commits, so no service can forget it. A service that writes
such event rows with ``bulk_create`` (no signal) calls ``ranking_renew``, and so
do the services that change computed criteria: a formula saved or removed
(appraisal/services/computed.py) and a computation's scores written
(appraisal/computation.py).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.db import transaction
from django.db.models import Count, F, IntegerField, Max, Min, Sum
from django.db.models.functions import Cast
from django.db.models.signals import post_save

from appraisal.enums import (
    APPLICATION_REVIEWED_STATES,
    ApplicationState,
    CampaignKind,
    ReviewState,
)
from appraisal.models import (
    Application,
    ApplicationEvent,
    Campaign,
    CampaignEvent,
    ComputedScore,
    Criterion,
    Review,
    ReviewEvent,
    Score,
)
from core.cache import kept, renew, renew_now
from departments.models import Department

TOTAL_OUT_OF = 100
SPREAD_LIMIT = 15
TRIM_FROM = 5  # reviewers who scored the criterion before the extremes are dropped

# Reviewed applications keep their place in the ranking after the leading
# group's decision and what follows it.
RANKED_STATES = (
    *APPLICATION_REVIEWED_STATES,
    ApplicationState.APPROVED,
    ApplicationState.REJECTED,
    ApplicationState.REMOVED,
    ApplicationState.COMMENDED,
)


def round_ratio(numerator, denominator):
    """numerator / denominator (integers, not negative) as a Decimal with two decimals, half up."""
    return Decimal((200 * numerator + denominator) // (2 * denominator)).scaleb(-2)


def round_half_up(value):
    """An exact non-negative ``Fraction`` as a Decimal with two decimals, half up."""
    if value is None:
        return None
    value = Fraction(value)
    return round_ratio(value.numerator, value.denominator)


@dataclass
class StandardColumn:
    pk: int
    name: str
    points: Decimal
    criteria: list = field(default_factory=list)  # [Criterion]


@dataclass
class CriterionResult:
    units: int | None  # the mean in 1/unit points; None: everyone said "not applicable"
    unit: int
    scored: int  # reviewers who gave a score (not "not applicable")
    trimmed: bool
    computed: bool = False  # a computed criterion: the unit's computed score

    @property
    def mean(self):
        return None if self.units is None else Fraction(self.units, self.unit)

    @property
    def shown(self):
        return None if self.units is None else round_ratio(self.units, self.unit)


@dataclass
class ApplicationResult:
    application: Application
    reviews: int = 0  # submitted reviews counted
    criteria: dict = field(default_factory=dict)  # criterion pk -> CriterionResult
    unit: int = 1
    subtotal_units: list = field(default_factory=list)  # per standard: int (1/unit points) or None
    subtotals: list = field(default_factory=list)  # per standard: Decimal or None
    counted_points: list = field(default_factory=list)  # per standard: points that counted
    standard_points: list = field(default_factory=list)  # per standard: its full points
    exact_total: Fraction | None = None
    total: Decimal | None = None
    reviewer_totals: list = field(default_factory=list)  # exact, one per submitted review
    rank: int | None = None

    @cached_property
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
    """The campaign's standards with their criteria, in order (one query); each
    criterion's ``is_computed`` says whether it has a formula."""
    standards = {}
    for criterion in (
        Criterion.objects.filter(standard__rubric=campaign.rubric_id)
        .select_related("standard", "formula")
        .order_by("standard__order", "standard__pk", "order", "pk")
    ):
        standard = criterion.standard
        column = standards.setdefault(
            standard.pk, StandardColumn(standard.pk, standard.name, Decimal(0))
        )
        column.points += criterion.points
        criterion.is_computed = hasattr(criterion, "formula")
        column.criteria.append(criterion)
    return list(standards.values())


def _integer(expression):
    """Doubled scores or points (or their aggregate): a whole number of half points, read as int."""
    return Cast(expression, IntegerField())


def campaign_ranking(campaign, *, application_ids=None):
    """The campaign's ranking (or, with ``application_ids`` (ids, or a queryset of
    them), those applications' results, ranked among themselves).

    Applications in review, recommended or not, and those the leading group
    decided on since; four queries whatever their number (five in a yearly campaign
    with computed criteria). See the module's docstring for the rules.
    """
    standards = rubric_columns(campaign)
    computed_ids = {
        c.pk
        for s in standards
        for c in s.criteria
        if c.is_computed and campaign.kind == CampaignKind.YEARLY_EVALUATION
    }
    applications = (
        Application.objects.filter(campaign=campaign, state__in=RANKED_STATES)
        .select_related("unit")
        .only("state", "campaign_id", "unit__code", "unit__name", "unit__parent_id")
    )
    scores = Score.objects.filter(
        review__application__campaign=campaign, review__state=ReviewState.SUBMITTED
    )
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
        scores = scores.filter(review__application_id__in=application_ids)
    results = {a.pk: ApplicationResult(application=a) for a in applications.order_by("unit__code")}

    per_criterion = list(
        scores.values_list("review__application_id", "criterion_id")
        .annotate(
            reviews=Count("pk"),
            scored=Count("score"),
            total=_integer(Sum(F("score") * 2)),
            highest=_integer(Max(F("score") * 2)),
            lowest=_integer(Min(F("score") * 2)),
        )
        .order_by()
    )
    most = max((row[3] for row in per_criterion), default=1) or 1
    unit = 2 * math.lcm(*range(1, most + 1))
    trim = campaign.trims_extreme_scores
    for application_id, criterion_id, reviews, scored, total, highest, lowest in per_criterion:
        result = results.get(application_id)
        if result is None:
            continue
        result.reviews = max(result.reviews, reviews)
        if criterion_id in computed_ids:
            continue
        if scored == 0:
            outcome = CriterionResult(None, unit, 0, False)
        elif trim and scored >= TRIM_FROM:
            # (total - highest - lowest) / 2 points over (scored - 2) reviewers
            units = (total - highest - lowest) * (unit // (2 * (scored - 2)))
            outcome = CriterionResult(units, unit, scored, True)
        else:
            outcome = CriterionResult(total * (unit // (2 * scored)), unit, scored, False)
        result.criteria[criterion_id] = outcome
    if computed_ids:
        _computed_outcomes(campaign, results, computed_ids, unit, application_ids)

    submitted = Review.objects.filter(
        application__campaign=campaign, state=ReviewState.SUBMITTED
    ).values_list(
        "application_id",
        _integer(F("submitted_total") * 2),
        _integer(F("submitted_points") * 2),
    )
    if application_ids is not None:
        submitted = submitted.filter(application_id__in=application_ids)
    for application_id, total, points in submitted:
        result = results.get(application_id)
        if result is not None and points:
            # total of points (both in half points), out of 100
            result.reviewer_totals.append(Fraction(TOTAL_OUT_OF * total, points))

    for result in results.values():
        _totals(result, standards, unit)
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
        standard_averages=_standard_averages(ranked, standards, unit),
        trims_extreme_scores=trim,
    )


def _computed_outcomes(campaign, results, computed_ids, unit, application_ids):
    """Each computed criterion's outcome: the computed score (half points, so a whole
    number of 1/unit points), 0 where none was computed yet."""
    computed = ComputedScore.objects.filter(
        application__campaign=campaign, criterion__in=computed_ids
    ).values_list("application_id", "criterion_id", _integer(F("score") * 2))
    if application_ids is not None:
        computed = computed.filter(application_id__in=application_ids)
    found = {(a, c): halves for a, c, halves in computed}
    for application_id, result in results.items():
        for criterion_id in computed_ids:
            halves = found.get((application_id, criterion_id), 0)
            result.criteria[criterion_id] = CriterionResult(
                halves * (unit // 2), unit, 0, False, computed=True
            )


def _totals(result, standards, unit):
    result.unit = unit
    result.standard_points = [standard.points for standard in standards]
    if not result.reviews:
        result.subtotal_units = [None] * len(standards)
        result.subtotals = [None] * len(standards)
        result.counted_points = [Decimal(0)] * len(standards)
        return
    grand, grand_points = 0, Decimal(0)
    for standard in standards:
        subtotal, points = None, Decimal(0)
        for criterion in standard.criteria:
            outcome = result.criteria.get(criterion.pk)
            if outcome is None or outcome.units is None:
                continue
            subtotal = (subtotal or 0) + outcome.units
            points += criterion.points
        result.subtotal_units.append(subtotal)
        result.subtotals.append(None if subtotal is None else round_ratio(subtotal, unit))
        result.counted_points.append(points)
        if subtotal is not None:
            grand += subtotal
            grand_points += points
    if grand_points:
        # (grand / unit) points of grand_points, out of 100
        numerator = TOTAL_OUT_OF * 2 * grand
        denominator = unit * int(grand_points * 2)
        result.exact_total = Fraction(numerator, denominator)
        result.total = round_ratio(numerator, denominator)


def _standard_averages(ranked, standards, unit):
    averages = []
    for index in range(len(standards)):
        values = [r.subtotal_units[index] for r in ranked if r.subtotal_units[index] is not None]
        averages.append(round_ratio(sum(values), unit * len(values)) if values else None)
    return averages


def application_result(application):
    """One application's aggregated result (for its own page): ``(result, standards)``,
    the result None when no review counts yet."""
    ranking = campaign_ranking(application.campaign, application_ids=[application.pk])
    result = ranking.row_for(application.pk)
    if result is None or not result.reviews:
        return None, ranking.standards
    return result, ranking.standards


# --- kept in the cache (see the module's docstring) ---------------------------------------------

ALL_RANKINGS_VERSION_KEY = "appraisal:ranking:version"
# How long a copy may outlive a change the cache could not be told of (Redis down at the commit).
RANKING_SECONDS = 6 * 3600


def ranking_version_key(campaign_pk):
    return f"appraisal:ranking:{campaign_pk}:version"


def ranking_kept(campaign, name, compute):
    """``compute()`` (what a page makes of the campaign's ranking, called ``name``:
    the language in it when it holds text), kept until the ranking changes."""
    return kept(
        f"appraisal:ranking:{campaign.pk}:{name}",
        (ALL_RANKINGS_VERSION_KEY, ranking_version_key(campaign.pk)),
        compute,
        RANKING_SECONDS,
    )


def ranking_renew(*campaign_pks):
    """The campaigns' kept rankings are stale once the current transaction commits."""
    renew(*(ranking_version_key(pk) for pk in set(campaign_pks)))


def _renew_campaign_of(application_id):
    campaign_id = (
        Application.objects.filter(pk=application_id).values_list("campaign_id", flat=True).first()
    )
    renew_now(ranking_version_key(campaign_id))


def _application_event_saved(sender, instance, created, **kwargs):
    ranking_renew(instance.subject.campaign_id)


def _review_event_saved(sender, instance, created, **kwargs):
    review = instance.subject
    if Review._meta.get_field("application").is_cached(review):
        ranking_renew(review.application.campaign_id)
    else:
        # Which campaign is asked once committed: no query inside the service's transaction.
        application_id = review.application_id
        transaction.on_commit(lambda: _renew_campaign_of(application_id), robust=True)


def _campaign_event_saved(sender, instance, created, **kwargs):
    ranking_renew(instance.subject_id)


def _campaign_saved(sender, instance, created, **kwargs):
    if not created:
        ranking_renew(instance.pk)


def _department_saved(sender, instance, created, **kwargs):
    if not created:
        renew(ALL_RANKINGS_VERSION_KEY)


def connect_receivers():
    """Called once by ``AppraisalConfig.ready``, so the web and the worker both renew."""
    for receiver, sender in (
        (_application_event_saved, ApplicationEvent),
        (_review_event_saved, ReviewEvent),
        (_campaign_event_saved, CampaignEvent),
        (_campaign_saved, Campaign),
        (_department_saved, Department),
    ):
        post_save.connect(receiver, sender=sender, dispatch_uid=f"ranking-{receiver.__name__}")
