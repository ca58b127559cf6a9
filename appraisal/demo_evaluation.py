"""The demo hospital's yearly evaluations (docs/evaluation.md), for ``make run``: last
year's (2025) confirmed by the party committee and published, so every department has a
2025 result and grade; and this year's (2026) opened with four criteria computed from
the year's records (appraisal/demo_formulas.py), its drafts computed and one department's
explanation written, the units reading their drafts until the review starts.

Through the services, as the people would have done it: the party office creates and
opens the evaluation, reviewer1–5 are assigned automatically and score, the party
office forwards, ``committee`` confirms, the party office publishes. Only the dates
that nobody can wait for are moved into the past directly (the window, the
confirmation and the publication of 2025), and the reviewers' score rows are written
in one query per review before each review is submitted through its service.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appraisal.computation import computation_run
from appraisal.demo_formulas import demo_formulas
from appraisal.models import Campaign, ComputedScore, Criterion, Score
from appraisal.services import assignment, computed, deadlines, evaluations, reviews

LAST_YEAR_EVALUATION = "2025年度清廉考评"
THIS_YEAR_EVALUATION = "2026年度清廉考评"
REVIEWERS = ["reviewer1", "reviewer2", "reviewer3", "reviewer4", "reviewer5"]
SEED = 2025
# How strict the reviewers were with each unit, by its place in code order: the
# lowest share of a criterion's points a reviewer gave. Spreads the grades.
STRICTNESS = [Decimal("0.85"), Decimal("0.75"), Decimal("0.6"), Decimal("0.8"), Decimal("0.45")]


def _aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def _scores(review, criteria, rng, lowest):
    rows = []
    for criterion in criteria:
        halves = int(criterion.points * 2)
        score = Decimal(rng.randint(max(0, int(halves * lowest)), halves)) / 2
        rows.append(
            Score(
                review=review,
                criterion=criterion,
                score=score,
                not_applicable=False,
                comment="佐证材料不完整，相关台账未按季度留存。"
                if reviews.comment_required(criterion, score)
                else "",
            )
        )
    Score.objects.bulk_create(rows)


def _last_year(party_office, committee, reviewers):
    now = timezone.now()
    campaign = evaluations.evaluation_create(
        by=party_office,
        year=2025,
        title=LAST_YEAR_EVALUATION,
        document_number="院党〔2025〕61号",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        reviewers_per_application=2,
    )
    campaign = evaluations.evaluation_open(campaign=campaign, by=party_office, now=now)
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    deadlines.close_due_applications(now=now)
    campaign.refresh_from_db()
    for reviewer in reviewers:
        assignment.pool_add(campaign=campaign, reviewer=reviewer, by=party_office)
    assignment.reviews_assign_automatically(campaign=campaign, by=party_office, seed=SEED)
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric_id))
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo scores, no secret)
    applications = campaign.applications.select_related("unit").order_by("unit__code")
    for position, application in enumerate(applications):
        lowest = STRICTNESS[position % len(STRICTNESS)]
        for review in application.reviews.select_related("reviewer", "application__campaign"):
            _scores(review, criteria, rng, lowest)
            reviews.review_submit(review=review, by=review.reviewer)
    campaign = reviews.campaign_forward(campaign=campaign, by=party_office)
    campaign = evaluations.results_confirm(
        campaign=campaign,
        by=committee,
        confirmed_on=datetime.date(2026, 1, 20),
        reference="院党委会2026年第2次会议",
    )
    evaluations.results_publish(campaign=campaign, by=party_office)
    # The dates as they were: the evaluation ran in December 2025 and was published
    # after the committee's meeting.
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=_aware(2025, 12, 1, 8, 0),
        closes_at=_aware(2025, 12, 12, 17, 0),
        results_published_at=_aware(2026, 1, 22, 9, 0),
    )
    return campaign


@transaction.atomic
def load_demo_evaluations():
    """Create the two yearly evaluations unless they exist. Returns the ones created.

    Needs the demo hospital's accounts (``po``, ``committee``, reviewer1–5); loaded after
    the year's records, so this year's drafts can be computed from them.
    """
    users = {
        u.username: u for u in User.objects.filter(username__in=["po", "committee", *REVIEWERS])
    }
    party_office, committee = users["po"], users["committee"]
    created = []
    if not Campaign.objects.filter(title=LAST_YEAR_EVALUATION).exists():
        created.append(_last_year(party_office, committee, [users[name] for name in REVIEWERS]))
    if not Campaign.objects.filter(title=THIS_YEAR_EVALUATION).exists():
        now = timezone.now()
        campaign = evaluations.evaluation_create(
            by=party_office,
            year=2026,
            title=THIS_YEAR_EVALUATION,
            document_number="院党〔2026〕70号",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=14),
            reviewers_per_application=3,
        )
        demo_formulas(campaign, by=party_office)
        campaign = evaluations.evaluation_open(campaign=campaign, by=party_office, now=now)
        _drafts_computed_and_explained(campaign, party_office)
        created.append(campaign)
    return created


def _drafts_computed_and_explained(campaign, party_office):
    """This year's drafts computed from the year's records, as the party office's click
    and the worker would (run here, so ``make run`` shows them before the worker has
    started: the task the request enqueues then finds the run done and does nothing),
    and the explanation of the lowest draft score of a department whose head has an account."""
    computation = computed.computation_request(campaign=campaign, by=party_office)
    computation_run(computation_id=computation.pk)
    low = (
        ComputedScore.objects.filter(
            application__campaign=campaign, application__unit__head__user__isnull=False
        )
        .select_related("application__unit__head__user", "criterion")
        .order_by("score", "application__unit__code", "criterion__standard__order")
        .first()
    )
    head = low and low.application.unit.head.user
    if head is not None:
        computed.explanation_add(
            application=low.application,
            criterion=low.criterion,
            by=head,
            text="本科室一季度人员调整较大，科内学习于4月起按季度开展，相关记录已补充上传。",
        )
