"""A demo campaign for ``make run``: the 2026 round, reviewed and forwarded to the
leading group, so the decision, the publicity and the commendation can be tried
at once with the demo accounts; and last year's closed round, whose three
titles ongoing supervision watches over.

Everything goes through the services, as the people would have done it: six
departments apply (their heads confirm), the window closes, reviewer1–5 are
assigned automatically and score, the party office writes its opinions and
forwards the list. Only the application window is moved into the past
directly, since nobody can wait for it.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from appraisal.enums import ApplicationState, CampaignState
from appraisal.models import Application, Campaign, Criterion, Title
from appraisal.services import applications as application_services
from appraisal.services import assignment, campaigns, deadlines, reviews
from departments.models import Department

DEMO_CAMPAIGN_TITLE = "2026年度清廉科室评选"
LAST_YEAR_TITLE = "2025年度清廉科室评选"
# Last year's commended departments: titles to watch over (veto issue).
LAST_YEAR_COMMENDED = ["XNK", "GKE", "YJK"]
SEED = 2026

# (department code, demo applicant, recommended by the party office?)
DEMO_APPLICATIONS = [
    ("XNK", "applicant_xnk", True),
    ("JYK", "applicant_jyk", True),
    ("HXK", "applicant_hxk", True),
    ("PWK", "applicant_pwk", True),
    ("EKE", "applicant_eke", True),
    ("SSS", "applicant_sss", False),
]
DEMO_REVIEWERS = ["reviewer1", "reviewer2", "reviewer3", "reviewer4", "reviewer5"]

STATEMENT = (
    "本科室坚持把清廉建设融入医疗服务全过程，科主任履行“一岗双责”，每季度召开廉政专题会议，"
    "逐岗排查廉政风险点并制定防控措施。全体人员签订廉洁承诺书，落实“九不准”和“十严禁”，"
    "坚持合理检查、合理用药。科内设立清廉文化墙，定期开展警示教育和党纪党规学习，"
    "投诉件件有回复，服务流程持续优化，患者满意度逐年提升。"
) * 5


def _score(rng, points):
    """A reviewer's score: mostly high, in half points."""
    halves = int(points * 2)
    return Decimal(rng.randint(max(1, halves * 7 // 10), halves)) / 2


def _last_year(party_office, units):
    """Last year's round, closed: its titles are history, written directly.

    Nobody can replay a past year through the pages; the rows are what the
    services would have left (applications commended, titles held, the
    campaign closed with its confirmation).
    """
    campaign = campaigns.campaign_create(
        by=party_office,
        year=2025,
        title=LAST_YEAR_TITLE,
        document_number="院党〔2025〕38号",
        opens_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2025, 9, 30, 17, 0)),
        quota=3,
    )
    confirmed_on = datetime.date(2025, 11, 20)
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.CLOSED,
        confirmed_on=confirmed_on,
        confirmation_reference="院党委会2025年第15次会议",
        commendation_number="院党〔2025〕52号",
    )
    for number, code in enumerate(LAST_YEAR_COMMENDED, 1):
        application = Application.objects.create(
            campaign=campaign,
            unit=units[code],
            state=ApplicationState.COMMENDED,
            statement=STATEMENT,
            submitted_at=timezone.make_aware(datetime.datetime(2025, 9, 20, 10, 0)),
            version=1,
            created_by=party_office,
        )
        Title.objects.create(
            application=application,
            campaign=campaign,
            unit=units[code],
            year=2025,
            awarded_on=confirmed_on,
            certificate_number=f"QL2025-{number:03d}",
        )


@transaction.atomic
def load_demo_campaign():
    """Create the demo campaign unless it exists. Returns it, or None if it existed.

    Side effects: as the services it calls (a campaign, six applications with
    their events and versions, 30 reviews with scores, review opinions,
    notifications).
    """
    if Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).exists():
        return None
    users = {u.username: u for u in User.objects.filter(username__in=["po", *DEMO_REVIEWERS])}
    users.update(
        {
            u.username: u
            for u in User.objects.filter(username__in=[a for _, a, _ in DEMO_APPLICATIONS])
        }
    )
    party_office = users["po"]
    units = {d.code: d for d in Department.objects.select_related("head__user")}
    if not Campaign.objects.filter(title=LAST_YEAR_TITLE).exists():
        _last_year(party_office, units)
    now = timezone.now()
    campaign = campaigns.campaign_create(
        by=party_office,
        year=2026,
        title=DEMO_CAMPAIGN_TITLE,
        document_number="院党〔2026〕49号",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=1),
        quota=3,
    )
    campaign = campaigns.campaign_open(campaign=campaign, by=party_office)
    submitted = []
    for code, username, recommended in DEMO_APPLICATIONS:
        applicant, unit = users[username], units[code]
        application = application_services.application_start(
            campaign=campaign, unit=unit, by=applicant
        )
        application_services.application_save(
            application=application,
            by=applicant,
            staff_count=application.staff_count,
            party_member_count=application.party_member_count,
            materials_list="廉洁承诺书、廉政约谈记录、廉政风险排查表、清廉文化活动照片",
            statement=STATEMENT,
        )
        application_services.head_confirm(application=application, by=unit.head.user)
        submitted.append(
            (
                application_services.application_submit(application=application, by=applicant),
                recommended,
            )
        )
    # The window closes as the beat sweep would close it.
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    deadlines.close_due_applications(now=now)
    campaign.refresh_from_db()
    for username in DEMO_REVIEWERS:
        assignment.pool_add(campaign=campaign, reviewer=users[username], by=party_office)
    assignment.reviews_assign_automatically(campaign=campaign, by=party_office, seed=SEED)
    rng = random.Random(SEED)  # noqa: S311 (reproducible demo scores, no secret)
    criteria = list(Criterion.objects.filter(standard__rubric=campaign.rubric_id))
    for application, _recommended in submitted:
        for review in application.reviews.select_related("reviewer"):
            for criterion in criteria:
                score = _score(rng, criterion.points)
                reviews.score_save(
                    review=review,
                    by=review.reviewer,
                    criterion=criterion,
                    score=score,
                    not_applicable=False,
                    comment="材料支撑不足。" if reviews.comment_required(criterion, score) else "",
                )
            reviews.review_submit(review=review, by=review.reviewer)
    for application, recommended in submitted:
        reviews.review_opinion_record(
            application=application,
            by=party_office,
            recommended=recommended,
            opinion="材料齐全，措施具体，建议推荐。" if recommended else "佐证材料不足，暂不推荐。",
        )
    return reviews.campaign_forward(campaign=campaign, by=party_office)
