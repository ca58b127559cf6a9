"""The demo campaign of ``make run``: reviewed and forwarded, ready for the leading group."""

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
