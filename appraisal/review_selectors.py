"""Reads for the review pages: the reviewer's queue, progress, one application's
reviews and the sheet a reviewer fills in. Each runs a fixed number of queries,
whatever the number of rows. The aggregation is in ranking.py.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from appraisal.conflicts import ConflictRules, reviewer_units
from appraisal.enums import (
    REVIEW_LIVE_STATES,
    ApplicationState,
    CampaignState,
    ReviewReminderKind,
    ReviewState,
)
from appraisal.models import (
    Application,
    Campaign,
    CampaignReviewer,
    Criterion,
    Review,
    ReviewOpinion,
    ReviewReminder,
    Score,
)
from appraisal.ranking import round_half_up, rubric_columns


def _criteria_count():
    """A subquery: how many criteria the review's campaign rubric has."""
    return Coalesce(
        Subquery(
            Criterion.objects.filter(standard__rubric=OuterRef("application__campaign__rubric"))
            .order_by()
            .values("standard__rubric")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def reviewer_queue(user):
    """The reviews assigned to ``user`` in campaigns under review, with progress
    (``filled`` of ``criteria_count`` criteria scored or marked not applicable).

    Only the columns the queue shows are read, and ``filled`` is counted by a
    subquery per review: counting over a join grouped the 90 rows of a
    reviewer's queue by every column of four tables, the applications' long
    texts included, which made the page slow under load.
    """
    filled = (
        Score.objects.filter(Q(not_applicable=True) | Q(score__isnull=False), review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _queue_reviews(user)
        .select_related("application__unit", "application__campaign")
        .only(
            "state",
            "reopen_reason",
            "application__state",
            "application__unit__name",
            "application__campaign__title",
        )
        .annotate(
            filled=Coalesce(Subquery(filled, output_field=IntegerField()), 0),
            criteria_count=_criteria_count(),
        )
        .order_by("application__campaign_id", "state", "application__unit__code")
    )


def reviewer_queue_progress(user):
    """``done`` (submitted) and ``total`` (all but excused) of the reviewer's queue."""
    return _queue_reviews(user).aggregate(
        done=Count("pk", filter=Q(state=ReviewState.SUBMITTED)),
        total=Count("pk", filter=~Q(state=ReviewState.EXCUSED)),
    )


def _queue_reviews(user):
    return Review.objects.filter(
        reviewer=user,
        state__in=REVIEW_LIVE_STATES,
        application__campaign__state=CampaignState.REVIEWING,
    )


def _progress(row, done, total):
    """``done``/``total`` and the bar's width on ``row`` (the review pages' progress bars)."""
    row.done, row.total = done, total
    row.percent = round(100 * done / total) if total else 0
    return row


def is_review_overdue(campaign, now=None):
    """True once the campaign's review deadline has passed (during the review)."""
    due = campaign.review_due_at
    return (
        campaign.state == CampaignState.REVIEWING
        and due is not None
        and due <= (now or timezone.now())
    )


def last_manual_reminder(campaign):
    """The party office's latest reminder to the reviewers, with who sent it, or None."""
    return (
        ReviewReminder.objects.filter(campaign=campaign, kind=ReviewReminderKind.MANUAL)
        .select_related("sent_by")
        .order_by("-sent_at", "-pk")
        .first()
    )


def late_reviewers(campaign, now=None):
    """The team members who are late: the deadline has passed and they have unfinished reviews."""
    if not is_review_overdue(campaign, now):
        return []
    return [m for m in reviewer_progress(campaign, now) if m.is_late]


def reviewer_progress(campaign, now=None):
    """The review team with each member's reviews counted by state, their progress
    (``done`` submitted of ``total`` submitted or unfinished) and ``is_late``
    (the deadline has passed with reviews unfinished)."""
    counts = {
        row["reviewer_id"]: row
        for row in Review.objects.filter(application__campaign=campaign)
        .values("reviewer_id")
        .annotate(
            assigned=Count("pk", filter=Q(state=ReviewState.ASSIGNED)),
            submitted=Count("pk", filter=Q(state=ReviewState.SUBMITTED)),
            excused=Count("pk", filter=Q(state=ReviewState.EXCUSED)),
        )
        .order_by()
    }
    overdue = is_review_overdue(campaign, now)
    members = list(
        CampaignReviewer.objects.filter(campaign=campaign)
        .select_related("reviewer__person__department")
        .order_by("reviewer__name", "pk")
    )
    for member in members:
        row = counts.get(member.reviewer_id, {})
        member.assigned = row.get("assigned", 0)
        member.submitted = row.get("submitted", 0)
        member.excused = row.get("excused", 0)
        member.load = member.assigned + member.submitted
        _progress(member, member.submitted, member.load)
        member.is_late = overdue and member.assigned > 0
    return members


def application_progress(campaign):
    """Applications that reached the party office, with their reviews counted by
    state, their progress (``done`` of ``total``, as ``reviewer_progress``) and
    their live reviews (``live_reviews``, with the reviewer)."""
    applications = list(
        Application.objects.filter(campaign=campaign)
        .exclude(state__in=[ApplicationState.DRAFT, ApplicationState.RETURNED])
        .select_related("unit")
        .annotate(
            assigned=Count("reviews", filter=Q(reviews__state=ReviewState.ASSIGNED)),
            submitted=Count("reviews", filter=Q(reviews__state=ReviewState.SUBMITTED)),
            excused=Count("reviews", filter=Q(reviews__state=ReviewState.EXCUSED)),
        )
        .prefetch_related(
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(state__in=REVIEW_LIVE_STATES)
                .select_related("reviewer")
                .order_by("reviewer__name", "pk"),
                to_attr="live_reviews",
            )
        )
        .order_by("unit__code")
    )
    for application in applications:
        _progress(application, application.submitted, application.submitted + application.assigned)
    return applications


def application_reviews(application):
    """Every review of ``application`` (unassigned ones too), with the reviewer."""
    return list(
        Review.objects.filter(application=application)
        .select_related("reviewer")
        .order_by("assigned_at", "pk")
    )


def score_rows(criteria, reviews):
    """One row per criterion: ``(criterion, [Score or None per review])`` (one query)."""
    matrix = {(s.review_id, s.criterion_id): s for s in Score.objects.filter(review__in=reviews)}
    return [(c, [matrix.get((r.pk, c.pk)) for r in reviews]) for c in criteria]


def anonymous_comments(application):
    """``{criterion pk: [comment]}`` of the submitted reviews, without who wrote
    them, each criterion's comments in text order (so the order gives no reviewer away)."""
    comments = {}
    for criterion_id, comment in (
        Score.objects.filter(review__application=application, review__state=ReviewState.SUBMITTED)
        .exclude(comment="")
        .values_list("criterion_id", "comment")
        .order_by("criterion_id", "comment")
    ):
        comments.setdefault(criterion_id, []).append(comment)
    return comments


def current_opinion(application):
    return ReviewOpinion.objects.filter(application=application).select_related("written_by").last()


def latest_opinions(campaign):
    """``{application pk: ReviewOpinion}``: the current opinion of each application (one query)."""
    opinions = {}
    for opinion in ReviewOpinion.objects.filter(application__campaign=campaign).order_by(
        "written_at", "pk"
    ):
        opinions[opinion.application_id] = opinion
    return opinions


def assignable_reviewers(application):
    """Present team members who may review ``application`` and do not yet."""
    campaign = application.campaign
    members = list(
        CampaignReviewer.objects.filter(campaign=campaign, away_since__isnull=True)
        .select_related("reviewer")
        .order_by("reviewer__name")
    )
    taken = set(
        Review.objects.filter(application=application, state__in=REVIEW_LIVE_STATES).values_list(
            "reviewer_id", flat=True
        )
    )
    rules = ConflictRules(avoid_branch=campaign.reviewers_avoid_own_branch)
    units = reviewer_units(m.reviewer_id for m in members)
    return [
        m.reviewer
        for m in members
        if m.reviewer_id not in taken
        and not rules.reason(
            reviewer_name="", reviewer_unit_id=units.get(m.reviewer_id), unit=application.unit
        )
    ]


def unfinished_count(campaign):
    return Review.objects.filter(application__campaign=campaign, state=ReviewState.ASSIGNED).count()


def review_counts_for(user):
    """``[(campaign, submitted, total)]`` of ``user``'s live reviews per reviewing campaign."""
    rows = (
        Review.objects.filter(
            reviewer=user,
            state__in=[ReviewState.ASSIGNED, ReviewState.SUBMITTED],
            application__campaign__state=CampaignState.REVIEWING,
        )
        .values("application__campaign_id", "application__campaign__title")
        .annotate(total=Count("pk"), submitted=Count("pk", filter=Q(state=ReviewState.SUBMITTED)))
        .order_by("application__campaign_id")
    )
    return [(row["application__campaign__title"], row["submitted"], row["total"]) for row in rows]


def campaigns_in_review():
    """Campaigns under review, with their unfinished reviews and applications
    without a review opinion counted (for the party office's home)."""
    return (
        Campaign.objects.filter(state=CampaignState.REVIEWING)
        .annotate(
            unfinished=Count(
                "applications__reviews",
                filter=Q(applications__reviews__state=ReviewState.ASSIGNED),
            ),
        )
        .order_by("-year", "pk")
    )


# --- the charts of the ranking_charts page (drawn by appraisal/charts.py) ------------------------
# Exact: scores are half points, so every quartile is a whole number of quarter points
# and every mean a Fraction; rounded once, half up, for the page.

# A reviewer whose totals differ from the other reviewers' of the same applications by more
# than this many points (of 100) on average is flagged (stated on the page and in docs/).
REVIEWER_OUTLIER_POINTS = 10


def _signed_round(value):
    """An exact Fraction as a Decimal with two decimals, half away from zero."""
    if value is None:
        return None
    shown = round_half_up(abs(value))
    return -shown if value < 0 else shown


def _median(values):
    """The median of sorted ``values`` (Decimals): the middle one, or the mean of the two."""
    middle, odd = divmod(len(values), 2)
    if odd:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


@dataclass
class Distribution:
    """One criterion's submitted scores: quartiles by Tukey's hinges (the median of
    each half, the middle score counted in both halves when their number is odd)."""

    criterion: object
    scores: list  # sorted Decimals
    not_applicable: int

    @property
    def count(self):
        return len(self.scores)

    @property
    def lowest(self):
        return self.scores[0] if self.scores else None

    @property
    def highest(self):
        return self.scores[-1] if self.scores else None

    @property
    def median(self):
        return _median(self.scores) if self.scores else None

    def _half(self, upper):
        half = (len(self.scores) + 1) // 2
        return self.scores[-half:] if upper else self.scores[:half]

    @property
    def lower_quartile(self):
        return _median(self._half(False)) if self.scores else None

    @property
    def upper_quartile(self):
        return _median(self._half(True)) if self.scores else None

    @property
    def mean(self):
        if not self.scores:
            return None
        return Fraction(sum(self.scores, Decimal(0))) / len(self.scores)

    @property
    def mean_shown(self):
        return round_half_up(self.mean)


def criterion_distributions(campaign):
    """``[Distribution]``, one per criterion of the campaign's rubric in order, from
    the submitted reviews: the scores counted by value in the database (two queries,
    whatever the number of reviews)."""
    counts = {}
    for criterion_id, score, not_applicable, number in (
        Score.objects.filter(
            review__application__campaign=campaign, review__state=ReviewState.SUBMITTED
        )
        .values_list("criterion_id", "score", "not_applicable")
        .annotate(number=Count("pk"))
        .order_by("criterion_id", "score")
    ):
        counts.setdefault(criterion_id, []).append((score, not_applicable, number))
    distributions = []
    for standard in rubric_columns(campaign):
        for criterion in standard.criteria:
            scores, not_applicable = [], 0
            for score, is_not_applicable, number in counts.get(criterion.pk, ()):
                if is_not_applicable or score is None:
                    not_applicable += number if is_not_applicable else 0
                    continue
                scores.extend([score] * number)
            scores.sort()
            distributions.append(Distribution(criterion, scores, not_applicable))
    return distributions


@dataclass
class ReviewerComparison:
    """One reviewer's totals (out of 100, their own scores rescaled as the ranking does)
    against the other reviewers' of the same applications."""

    reviewer: object
    totals: list = field(default_factory=list)  # exact, one per submitted review
    deviations: list = field(default_factory=list)  # own total − the others' mean, per application
    others: list = field(default_factory=list)  # the others' mean total, per compared application

    @property
    def count(self):
        return len(self.totals)

    @property
    def compared(self):
        return len(self.deviations)

    @property
    def mean(self):
        return sum(self.totals, Fraction(0)) / len(self.totals) if self.totals else None

    @property
    def others_mean(self):
        return sum(self.others, Fraction(0)) / len(self.others) if self.others else None

    @property
    def mean_deviation(self):
        if not self.deviations:
            return None
        return sum(self.deviations, Fraction(0)) / len(self.deviations)

    @property
    def deviation_spread(self):
        """The standard deviation of the deviations (population), None below two."""
        if len(self.deviations) < 2:
            return None
        mean = self.mean_deviation
        variance = sum(((d - mean) ** 2 for d in self.deviations), Fraction(0)) / len(
            self.deviations
        )
        exact = Decimal(variance.numerator) / Decimal(variance.denominator)
        return exact.sqrt().quantize(Decimal("0.01"))

    @property
    def flagged(self):
        deviation = self.mean_deviation
        return deviation is not None and abs(deviation) > REVIEWER_OUTLIER_POINTS

    @property
    def mean_shown(self):
        return round_half_up(self.mean)

    @property
    def others_mean_shown(self):
        return round_half_up(self.others_mean)

    @property
    def mean_deviation_shown(self):
        return _signed_round(self.mean_deviation)


def reviewer_comparisons(campaign):
    """``[ReviewerComparison]`` of every reviewer with a submitted review, by name.

    Each submitted review's total is its ``submitted_total`` of ``submitted_points``
    out of 100 (what the ranking's spread check reads); a reviewer is compared on the
    applications that another reviewer also scored. Two queries, whatever the
    number of reviews."""
    rows = list(
        Review.objects.filter(
            application__campaign=campaign,
            state=ReviewState.SUBMITTED,
            submitted_points__gt=0,
        )
        .values_list("application_id", "reviewer_id", "submitted_total", "submitted_points")
        .order_by("application_id", "reviewer_id", "pk")
    )
    reviewers = {
        user.pk: user
        for user in User.objects.filter(pk__in={row[1] for row in rows}).only("name", "username")
    }
    by_application = {}
    for application_id, reviewer_id, total, points in rows:
        exact = Fraction(total) * 100 / Fraction(points)
        by_application.setdefault(application_id, []).append((reviewer_id, exact))
    comparisons = {pk: ReviewerComparison(reviewer) for pk, reviewer in reviewers.items()}
    for entries in by_application.values():
        grand = sum((exact for _, exact in entries), Fraction(0))
        for reviewer_id, exact in entries:
            comparison = comparisons[reviewer_id]
            comparison.totals.append(exact)
            if len(entries) > 1:
                others = (grand - exact) / (len(entries) - 1)
                comparison.others.append(others)
                comparison.deviations.append(exact - others)
    return sorted(
        comparisons.values(), key=lambda c: (c.reviewer.name or c.reviewer.username, c.reviewer.pk)
    )


def progress_summary(members):
    """The review team's totals: ``{"submitted", "assigned", "excused"}`` summed over
    ``reviewer_progress``'s members."""
    return {
        key: sum(getattr(member, key) for member in members)
        for key in ("submitted", "assigned", "excused")
    }
