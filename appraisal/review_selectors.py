"""Reads for the review pages: the reviewer's queue, progress, one application's
reviews and the sheet a reviewer fills in. Each runs a fixed number of queries,
whatever the number of rows. The aggregation is in ranking.py.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

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
