"""The demo campaign of ``make run``: reviewed and forwarded, ready for the leading group."""

import datetime

import pytest
from django.core.management import call_command

from appraisal.demo import DEMO_CAMPAIGN_TITLE
from appraisal.enums import ApplicationState, CampaignState, ReviewState
from appraisal.models import Campaign, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_hospital():
    call_command("load_demo_hospital", "--allow-production", verbosity=0)


def test_demo_campaign_waits_for_the_leading_group_with_five_recommended(demo_hospital):
    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    assert campaign.state == CampaignState.DECIDING
    assert campaign.quota == 3
    states = dict(campaign.applications.values_list("unit__code", "state"))
    assert states == {
        "XNK": ApplicationState.RECOMMENDED,
        "JYK": ApplicationState.RECOMMENDED,
        "HXK": ApplicationState.RECOMMENDED,
        "PWK": ApplicationState.RECOMMENDED,
        "EKE": ApplicationState.RECOMMENDED,
        "SSS": ApplicationState.NOT_RECOMMENDED,
    }
    reviews = Review.objects.filter(application__campaign=campaign)
    assert reviews.count() == 30
    assert set(reviews.values_list("state", flat=True)) == {ReviewState.SUBMITTED}


def test_demo_has_last_years_titles_to_watch_over(demo_hospital):
    from appraisal.enums import TitleStatus
    from appraisal.models import Title

    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    titles = Title.objects.filter(year=2025, status=TitleStatus.HELD)
    assert sorted(titles.values_list("unit__code", flat=True)) == ["GKE", "XNK", "YJK"]
    assert Campaign.objects.get(title="2025年度清廉科室评选").state == CampaignState.CLOSED


def test_demo_campaign_loads_once(demo_hospital):
    call_command("load_demo_campaign", "--allow-production", verbosity=0)
    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    assert Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).count() == 1


def test_demo_campaign_refused_in_production(demo_hospital):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo_campaign", verbosity=0)
    assert not Campaign.objects.exists()


def test_demo_applications_carry_real_evidence_files(demo_hospital, statutory_calendar):
    from appraisal.models import Evidence

    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    files = Evidence.objects.filter(application__campaign=campaign, removed_at__isnull=True)
    assert files.count() == 18
    assert {f.original_name.rsplit(".", 1)[1] for f in files} == {"pdf", "png", "xlsx"}
    assert not files.filter(criterion__isnull=True).exists()
    for stored in files.filter(application__unit__code="XNK"):
        with stored.file.open("rb") as handle:
            head = handle.read(8)
        assert head[:4] in (b"%PDF", b"\x89PNG", b"PK\x03\x04")


def test_demo_reviewers_comment_differently(demo_hospital, statutory_calendar):
    from appraisal.models import Score

    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    comments = Score.objects.filter(
        review__application__campaign__title=DEMO_CAMPAIGN_TITLE
    ).exclude(comment="")
    assert comments.values("comment").distinct().count() >= 5


def test_demo_teams_round_is_under_review_with_one_reviewer_late(demo_hospital, statutory_calendar):
    from django.utils import timezone

    from appraisal.demo import LATE_REVIEWER, TEAMS_CAMPAIGN_TITLE
    from appraisal.enums import ReviewReminderKind
    from appraisal.models import BranchOpinion, ReviewReminder
    from appraisal.review_selectors import late_reviewers
    from notifications.models import Notification

    call_command("load_demo_campaign", "--allow-production", verbosity=0)

    campaign = Campaign.objects.get(title=TEAMS_CAMPAIGN_TITLE)
    assert campaign.state == CampaignState.REVIEWING
    assert campaign.review_due_at <= timezone.now()
    assert campaign.review_last_day == timezone.localdate() - datetime.timedelta(days=1)
    late = late_reviewers(campaign)
    assert [(m.reviewer.username, m.assigned, m.submitted) for m in late] == [(LATE_REVIEWER, 1, 1)]
    opinions = BranchOpinion.objects.filter(application__campaign=campaign)
    assert sorted(opinions.values_list("application__unit__code", "agrees")) == [
        ("JYK-T1", False),
        ("XNK-T1", True),
    ]
    assert opinions.values("given_by").distinct().count() == 2
    sent = ReviewReminder.objects.filter(campaign=campaign, sent_at__isnull=False)
    assert set(sent.values_list("kind", flat=True)) == {
        ReviewReminderKind.BEFORE_DEADLINE,
        ReviewReminderKind.OVERDUE,
    }
    reminded = Notification.objects.filter(body__contains="份评审未提交")
    assert set(reminded.values_list("recipient__username", flat=True)) == {LATE_REVIEWER}
    assert reminded.filter(subject__contains="已过截止时间").count() == 1
